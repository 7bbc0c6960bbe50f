package io.eventbank.eventstore;

import java.util.Map;

/**
 * Metadata stored with every event and carried in the Kafka envelope and headers.
 *
 * @param correlationId the request or saga this event belongs to; may be null
 * @param causationId   id of the event or request that caused it; may be null
 * @param extra         free-form string metadata
 */
public record EventMetadata(String correlationId, String causationId, Map<String, String> extra) {

    public static final EventMetadata EMPTY = new EventMetadata(null, null, Map.of());

    public EventMetadata {
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }
}
