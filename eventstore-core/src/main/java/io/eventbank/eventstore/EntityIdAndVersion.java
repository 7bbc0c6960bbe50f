package io.eventbank.eventstore;

import java.util.UUID;

/** An aggregate id and the version of its last event (1 after the first event). */
public record EntityIdAndVersion(UUID id, int version) {
}
