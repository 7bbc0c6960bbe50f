package io.eventbank.view.infrastructure;

import io.eventbank.events.BankingEvents;
import io.eventbank.eventstore.AggregateEvents;
import io.eventbank.eventstore.EventEnvelope;
import io.eventbank.eventstore.EventMetadata;
import io.eventbank.eventstore.json.EventCodec;
import io.eventbank.eventstore.json.UnknownEventTypeException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Reads the published Kafka envelope ({@code {eventId, aggregateType, aggregateId, version, eventType,
 * occurredAt, position, metadata{correlationId, causationId, schemaVersion, extra}, payload}}) into an
 * {@link EventEnvelope} of a banking event, through the codec's upcasters.
 */
public class KafkaEnvelopeReader {

    private final EventCodec codec;

    public KafkaEnvelopeReader(EventCodec codec) {
        this.codec = codec;
    }

    /** The event, or empty when its aggregate or event type is not one the view knows. */
    public Optional<EventEnvelope<?>> read(String json) {
        JsonNode root = codec.mapper().readTree(json);
        String aggregateType = text(root, "aggregateType");
        AggregateEvents<?> events = switch (aggregateType == null ? "" : aggregateType) {
            case "Account" -> BankingEvents.ACCOUNT;
            case "MoneyTransfer" -> BankingEvents.TRANSFER;
            default -> null;
        };
        if (events == null) {
            return Optional.empty();
        }
        JsonNode metadata = root.path("metadata");
        int schemaVersion = metadata.path("schemaVersion").asInt(1);
        JsonNode payload = root.path("payload");
        if (payload.isString()) {
            payload = codec.mapper().readTree(payload.asString());
        }
        String eventType = text(root, "eventType");
        Object event;
        try {
            event = codec.readEvent(events, eventType, schemaVersion == 0 ? 1 : schemaVersion, payload);
        } catch (UnknownEventTypeException e) {
            return Optional.empty();
        }
        Map<String, String> extra = new HashMap<>();
        metadata.path("extra").properties().forEach(p -> extra.put(p.getKey(), p.getValue().asString()));
        return Optional.of(new EventEnvelope<>(
                UUID.fromString(text(root, "eventId")),
                aggregateType,
                UUID.fromString(text(root, "aggregateId")),
                root.path("version").asInt(),
                eventType,
                Instant.parse(text(root, "occurredAt")),
                root.path("position").asLong(),
                new EventMetadata(text(metadata, "correlationId"), text(metadata, "causationId"), extra),
                event));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
