package io.eventbank.eventstore.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventbank.eventstore.EventMetadata;
import io.eventbank.eventstore.json.EventCodec;
import io.eventbank.eventstore.envelope.EventRecordFormat.PublishedEvent;
import io.eventbank.eventstore.envelope.EventRecordFormat.StoredEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EventRecordFormatTest {

    private final JsonMapper mapper = new EventCodec().mapper();

    @Test
    void writesTheAgreedEnvelopeAndReadsItBack() {
        PublishedEvent event = new PublishedEvent(UUID.randomUUID(), "Account", UUID.randomUUID(), 7, "MoneyDeposited",
                Instant.parse("2026-01-02T03:04:05.123456Z"), 42L,
                new EventMetadata("corr", "cause", Map.of("k", "v")), 2, mapper.readTree("{\"amount\":\"195.00\"}"));

        String json = EventRecordFormat.write(mapper, event);
        JsonNode tree = mapper.readTree(json);

        assertThat(tree.get("eventId").asString()).isEqualTo(event.eventId().toString());
        assertThat(tree.get("aggregateType").asString()).isEqualTo("Account");
        assertThat(tree.get("aggregateId").asString()).isEqualTo(event.aggregateId().toString());
        assertThat(tree.get("version").asInt()).isEqualTo(7);
        assertThat(tree.get("eventType").asString()).isEqualTo("MoneyDeposited");
        assertThat(tree.get("occurredAt").asString()).isEqualTo("2026-01-02T03:04:05.123456Z");
        assertThat(tree.get("position").asLong()).isEqualTo(42L);
        assertThat(tree.get("metadata").get("correlationId").asString()).isEqualTo("corr");
        assertThat(tree.get("metadata").get("causationId").asString()).isEqualTo("cause");
        assertThat(tree.get("metadata").get("schemaVersion").asInt()).isEqualTo(2);
        assertThat(tree.get("metadata").get("extra").get("k").asString()).isEqualTo("v");
        assertThat(tree.get("payload").get("amount").asString()).isEqualTo("195.00");
        assertThat(EventRecordFormat.read(mapper, json)).isEqualTo(event);
    }

    @Test
    void writesTheStoredPayloadVerbatimInTheSameEnvelope() {
        // as PostgreSQL prints jsonb: its own spacing, key order and number text, which a tree would not keep
        String payload = "{\"n\": 1.10, \"big\": 123456789012345678901234567890.5, \"amount\": \"195.00\", "
                + "\"note\": \"caf\u00e9 \\\"quoted\\\" \\u0001\", \"items\": [1, {\"a\": null}]}";
        StoredEvent stored = new StoredEvent(UUID.randomUUID(), "Account", UUID.randomUUID(), 7, "MoneyDeposited",
                Instant.parse("2026-01-02T03:04:05.123456Z"), 42L, "corr", "cause", 2, "{\"k\": \"v\"}", payload);

        String json = EventRecordFormat.write(mapper, stored);

        assertThat(json).endsWith(",\"payload\":" + payload + "}");
        JsonNode tree = mapper.readTree(json);
        assertThat(List.copyOf(tree.propertyNames())).containsExactly("eventId", "aggregateType", "aggregateId",
                "version", "eventType", "occurredAt", "position", "metadata", "payload");
        assertThat(List.copyOf(tree.get("metadata").propertyNames()))
                .containsExactly("correlationId", "causationId", "schemaVersion", "extra");
        PublishedEvent expected = new PublishedEvent(stored.eventId(), "Account", stored.aggregateId(), 7,
                "MoneyDeposited", stored.occurredAt(), 42L, new EventMetadata("corr", "cause", Map.of("k", "v")), 2,
                mapper.readTree(payload));
        assertThat(EventRecordFormat.read(mapper, json)).isEqualTo(expected);
        assertThat(tree).isEqualTo(mapper.readTree(EventRecordFormat.write(mapper, expected)));
    }

    @Test
    void writesAbsentStoredMetadataAsNullsAndAnEmptyExtra() {
        StoredEvent stored = new StoredEvent(UUID.randomUUID(), "Account", UUID.randomUUID(), 1, "Opened",
                Instant.parse("2026-01-02T03:04:05Z"), 1L, null, null, 1, null, "{}");

        String json = EventRecordFormat.write(mapper, stored);

        assertThat(json).contains("\"metadata\":{\"correlationId\":null,\"causationId\":null,\"schemaVersion\":1,"
                + "\"extra\":{}}");
        assertThat(EventRecordFormat.read(mapper, json)).isEqualTo(new PublishedEvent(stored.eventId(), "Account",
                stored.aggregateId(), 1, "Opened", stored.occurredAt(), 1L, EventMetadata.EMPTY, 1,
                mapper.readTree("{}")));
    }

    @Test
    void readsStoredMetadataWithoutSchemaVersionAsVersionOne() {
        JsonNode stored = mapper.readTree("{\"correlationId\":\"c\"}");
        assertThat(EventRecordFormat.schemaVersionOf(stored)).isEqualTo(1);
        assertThat(EventRecordFormat.metadataOf(stored)).isEqualTo(new EventMetadata("c", null, Map.of()));
    }

    @Test
    void rejectsValuesThatAreNotEnvelopes() {
        assertThatThrownBy(() -> EventRecordFormat.read(mapper, "not json")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventRecordFormat.read(mapper, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventRecordFormat.read(mapper, "[1]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventRecordFormat.read(mapper, "{\"eventId\":\"" + UUID.randomUUID() + "\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("payload");
        assertThatThrownBy(() -> EventRecordFormat.read(mapper, """
                {"eventId":"nope","aggregateType":"A","aggregateId":"%s","version":1,"eventType":"E",
                 "occurredAt":"2026-01-01T00:00:00Z","payload":{}}""".formatted(UUID.randomUUID())))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
