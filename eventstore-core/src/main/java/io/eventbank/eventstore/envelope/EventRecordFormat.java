package io.eventbank.eventstore.envelope;

import io.eventbank.eventstore.AggregateEvents;
import io.eventbank.eventstore.EventEnvelope;
import io.eventbank.eventstore.EventMetadata;
import io.eventbank.eventstore.json.EventCodec;
import io.eventbank.eventstore.json.StoredPayload;
import io.eventbank.eventstore.json.UnknownEventTypeException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Kafka record format of a published event, shared by the publisher and the subscriptions.
 *
 * <p>Topic {@code eventbank.<AggregateType>}, key = aggregate id, value = JSON envelope
 * <pre>{"eventId", "aggregateType", "aggregateId", "version", "eventType", "occurredAt", "position",
 *  "metadata": {"correlationId", "causationId", "schemaVersion", "extra": {..}}, "payload": {..}}</pre>
 * where {@code payload} is the stored JSON verbatim (not upcast), and headers {@link #EVENT_TYPE},
 * {@link #AGGREGATE_TYPE}, {@link #AGGREGATE_ID}, {@link #CORRELATION_ID} and the W3C
 * {@link #TRACEPARENT} of the appending span (each absent when null; the trace context is also in
 * the metadata's {@code extra}).
 * The publisher writes it from a {@link StoredEvent}, copying the stored JSON text unparsed;
 * {@link #read} reads either writer's output.
 */
public final class EventRecordFormat {

    public static final String EVENT_TYPE = "eventbank-event-type";
    public static final String AGGREGATE_TYPE = "eventbank-aggregate-type";
    public static final String AGGREGATE_ID = "eventbank-aggregate-id";
    public static final String CORRELATION_ID = "eventbank-correlation-id";
    /** The W3C trace context header, as any W3C-aware consumer reads it: {@link EventMetadata#TRACEPARENT}. */
    public static final String TRACEPARENT = EventMetadata.TRACEPARENT;

    private EventRecordFormat() {
    }

    /**
     * One published event as carried by the envelope.
     *
     * @param schemaVersion schema version of {@code payload} (1 when the stored metadata names none)
     * @param payload       the stored payload, before upcasting
     */
    public record PublishedEvent(
            UUID eventId,
            String aggregateType,
            UUID aggregateId,
            int version,
            String eventType,
            Instant occurredAt,
            long position,
            EventMetadata metadata,
            int schemaVersion,
            JsonNode payload) {

        public PublishedEvent {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(aggregateType, "aggregateType");
            Objects.requireNonNull(aggregateId, "aggregateId");
            Objects.requireNonNull(eventType, "eventType");
            Objects.requireNonNull(occurredAt, "occurredAt");
            Objects.requireNonNull(metadata, "metadata");
            Objects.requireNonNull(payload, "payload");
        }
    }

    /**
     * The event an envelope carries, upcast and bound to the current record of its type, as every
     * consumer sees it; empty when the (upcast) event type names no record of {@code events}.
     *
     * @throws RuntimeException when the payload cannot be bound (a Jackson exception)
     */
    public static <E> Optional<EventEnvelope<E>> decode(EventCodec codec, AggregateEvents<E> events,
                                                        PublishedEvent published) {
        E event;
        try {
            event = codec.readEvent(events, published.eventType(), published.schemaVersion(), published.payload());
        } catch (UnknownEventTypeException e) {
            return Optional.empty();
        }
        return Optional.of(new EventEnvelope<>(published.eventId(), published.aggregateType(),
                published.aggregateId(), published.version(), events.eventTypeOf(event), published.occurredAt(),
                published.position(), published.metadata(), event));
    }

    /** The stored metadata jsonb read into its parts; unknown keys are ignored. */
    public static EventMetadata metadataOf(JsonNode stored) {
        Map<String, String> extra = new LinkedHashMap<>();
        JsonNode extraNode = stored.path("extra");
        if (extraNode.isObject()) {
            extraNode.properties().forEach(e -> extra.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asString()));
        }
        extra.values().removeIf(Objects::isNull);
        return new EventMetadata(text(stored, "correlationId"), text(stored, "causationId"), extra);
    }

    /** Schema version in stored metadata; absent means {@link StoredPayload#DEFAULT_SCHEMA_VERSION}. */
    public static int schemaVersionOf(JsonNode storedMetadata) {
        JsonNode v = storedMetadata.path("schemaVersion");
        return v.isNumber() ? v.asInt() : StoredPayload.DEFAULT_SCHEMA_VERSION;
    }

    /**
     * One stored event as the publisher reads it: {@code extra} and {@code payload} are JSON text
     * from the event table, written into the envelope as they are (never parsed).
     *
     * @param correlationId  may be null
     * @param causationId    may be null
     * @param schemaVersion  schema version of {@code payload}
     * @param extra          the stored metadata's {@code extra} object as JSON text; null writes {@code {}}
     * @param payload        the stored payload as JSON text
     */
    public record StoredEvent(
            UUID eventId,
            String aggregateType,
            UUID aggregateId,
            int version,
            String eventType,
            Instant occurredAt,
            long position,
            String correlationId,
            String causationId,
            int schemaVersion,
            String extra,
            String payload) {

        public StoredEvent {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(aggregateType, "aggregateType");
            Objects.requireNonNull(aggregateId, "aggregateId");
            Objects.requireNonNull(eventType, "eventType");
            Objects.requireNonNull(occurredAt, "occurredAt");
            Objects.requireNonNull(payload, "payload");
        }
    }

    public static String write(JsonMapper mapper, PublishedEvent event) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = mapper.createGenerator(out)) {
            startEnvelope(g, event.eventId(), event.aggregateType(), event.aggregateId(), event.version(),
                    event.eventType(), event.occurredAt(), event.position(), event.metadata().correlationId(),
                    event.metadata().causationId(), event.schemaVersion());
            g.writeName("extra");
            g.writeStartObject();
            event.metadata().extra().forEach(g::writeStringProperty);
            g.writeEndObject();
            g.writeEndObject();
            g.writeName("payload");
            g.writeTree(event.payload());
            g.writeEndObject();
        }
        return out.toString();
    }

    /** The same envelope, with the stored {@code extra} and {@code payload} JSON copied in as raw values. */
    public static String write(JsonMapper mapper, StoredEvent event) {
        StringWriter out = new StringWriter(256 + event.payload().length());
        try (JsonGenerator g = mapper.createGenerator(out)) {
            startEnvelope(g, event.eventId(), event.aggregateType(), event.aggregateId(), event.version(),
                    event.eventType(), event.occurredAt(), event.position(), event.correlationId(),
                    event.causationId(), event.schemaVersion());
            g.writeName("extra");
            if (event.extra() == null) {
                g.writeStartObject();
                g.writeEndObject();
            } else {
                g.writeRawValue(event.extra());
            }
            g.writeEndObject();
            g.writeName("payload");
            g.writeRawValue(event.payload());
            g.writeEndObject();
        }
        return out.toString();
    }

    /** Opens the envelope and its {@code metadata} object, up to {@code extra}. */
    private static void startEnvelope(JsonGenerator g, UUID eventId, String aggregateType, UUID aggregateId,
                                      int version, String eventType, Instant occurredAt, long position,
                                      String correlationId, String causationId, int schemaVersion) {
        g.writeStartObject();
        g.writeStringProperty("eventId", eventId.toString());
        g.writeStringProperty("aggregateType", aggregateType);
        g.writeStringProperty("aggregateId", aggregateId.toString());
        g.writeNumberProperty("version", version);
        g.writeStringProperty("eventType", eventType);
        g.writeStringProperty("occurredAt", occurredAt.toString());
        g.writeNumberProperty("position", position);
        g.writeName("metadata");
        g.writeStartObject();
        g.writeStringProperty("correlationId", correlationId);
        g.writeStringProperty("causationId", causationId);
        g.writeNumberProperty("schemaVersion", schemaVersion);
    }

    /**
     * Reads an envelope.
     *
     * @throws IllegalArgumentException when the value is not JSON or a required field is missing or malformed
     */
    public static PublishedEvent read(JsonMapper mapper, String value) {
        if (value == null) {
            throw new IllegalArgumentException("record has no value");
        }
        JsonNode root;
        try {
            root = mapper.readTree(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("value is not JSON: " + e.getMessage(), e);
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("value is not a JSON object");
        }
        JsonNode metadata = root.path("metadata");
        JsonNode payload = root.get("payload");
        if (payload == null || payload.isNull()) {
            throw new IllegalArgumentException("missing field payload");
        }
        try {
            return new PublishedEvent(
                    UUID.fromString(required(root, "eventId")),
                    required(root, "aggregateType"),
                    UUID.fromString(required(root, "aggregateId")),
                    Integer.parseInt(required(root, "version")),
                    required(root, "eventType"),
                    Instant.parse(required(root, "occurredAt")),
                    root.path("position").asLong(0),
                    metadata.isObject() ? metadataOf(metadata) : EventMetadata.EMPTY,
                    metadata.isObject() ? schemaVersionOf(metadata) : StoredPayload.DEFAULT_SCHEMA_VERSION,
                    payload);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("malformed envelope: " + e.getMessage(), e);
        }
    }

    private static String required(JsonNode node, String field) {
        String text = text(node, field);
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("missing field " + field);
        }
        return text;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.isMissingNode() ? null : value.asString();
    }
}
