package io.eventbank.eventstore;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Metadata stored with every event and carried in the Kafka envelope and headers.
 *
 * @param correlationId the request or saga this event belongs to; may be null
 * @param causationId   id of the event or request that caused it; may be null
 * @param extra         free-form string metadata; {@value #TRACEPARENT} holds the W3C trace context
 *                      the event was appended in
 */
public record EventMetadata(String correlationId, String causationId, Map<String, String> extra) {

    public static final EventMetadata EMPTY = new EventMetadata(null, null, Map.of());

    /**
     * Name of the correlation id wherever it travels by name: the metadata field and the logging
     * context (MDC) key of the request or handler at work, so that log patterns can print
     * {@code %X{correlationId}}. The one constant for it.
     */
    public static final String CORRELATION_ID = "correlationId";

    /**
     * Key in {@link #extra} (and name of the Kafka header) of the W3C trace context
     * ({@code 00-<trace id>-<span id>-<flags>}) of the span that appended the event. On a delivered
     * envelope it is the context of the span that handles it, so that events caused by it continue
     * the trace as its children.
     */
    public static final String TRACEPARENT = "traceparent";

    public EventMetadata {
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    /** The W3C trace context in {@link #extra}, or null. */
    public String traceparent() {
        return extra.get(TRACEPARENT);
    }

    /** The same metadata with {@code traceparent} in {@link #extra} (removed when null). */
    public EventMetadata withTraceparent(String traceparent) {
        if (Objects.equals(traceparent, traceparent())) {
            return this;
        }
        Map<String, String> copy = new HashMap<>(extra);
        if (traceparent == null) {
            copy.remove(TRACEPARENT);
        } else {
            copy.put(TRACEPARENT, traceparent);
        }
        return new EventMetadata(correlationId, causationId, copy);
    }
}
