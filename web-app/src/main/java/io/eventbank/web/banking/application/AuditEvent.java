package io.eventbank.web.banking.application;

import java.time.Instant;

/** One event of the account's log, its payload as the store keeps it (JSON). */
public record AuditEvent(int version, String eventType, Instant occurredAt, String correlationId, String payload) {
}
