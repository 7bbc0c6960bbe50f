package io.eventbank.eventstore;

import java.time.Instant;
import java.util.UUID;

/**
 * A stored event with everything the store knows about it. The same shape is what subscribers
 * receive from Kafka.
 *
 * @param position global append position in the source database (not gap-free, not commit order)
 */
public record EventEnvelope<E>(
        UUID eventId,
        String aggregateType,
        UUID aggregateId,
        int version,
        String eventType,
        Instant occurredAt,
        long position,
        EventMetadata metadata,
        E event) {
}
