package io.eventbank.eventstore.json;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.eventbank.eventstore.AggregateEvents;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON for events and snapshots, weakly typed: unknown fields are ignored, missing fields become
 * null/zero (records default them in their compact constructors), {@link BigDecimal} is written as
 * a string ({@code "195.00"}), and every read goes through the upcaster chain first.
 *
 * <p>The mapper is private to the store so that an application's Jackson settings cannot change
 * the stored format.
 */
public final class EventCodec {

    private static final int MAX_UPCAST_STEPS = 64;

    private final JsonMapper mapper;
    private final Map<Key, EventUpcaster> upcasters = new HashMap<>();
    private final Map<Key, Integer> currentVersions = new ConcurrentHashMap<>();
    private final Map<AggregateEvents<?>, Map<String, ? extends Class<?>>> eventTypes = new ConcurrentHashMap<>();

    public EventCodec(Collection<? extends EventUpcaster> upcasters) {
        this.mapper = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .withConfigOverride(BigDecimal.class,
                        o -> o.setFormat(JsonFormat.Value.forShape(JsonFormat.Shape.STRING)))
                .changeDefaultPropertyInclusion(i -> i.withValueInclusion(JsonInclude.Include.ALWAYS))
                .build();
        for (EventUpcaster upcaster : upcasters) {
            Key key = new Key(upcaster.aggregateType(), upcaster.eventType(), upcaster.fromSchemaVersion());
            if (this.upcasters.putIfAbsent(key, upcaster) != null) {
                throw new IllegalArgumentException("Two upcasters for " + key);
            }
        }
    }

    public EventCodec() {
        this(List.of());
    }

    /** The store's mapper, also used for envelopes and snapshots. */
    public JsonMapper mapper() {
        return mapper;
    }

    /** JSON of an event or snapshot. */
    public String write(Object value) {
        return mapper.writeValueAsString(value);
    }

    /** Schema version written for new events of this type: the default plus the upcast steps that lead to it. */
    public int currentSchemaVersion(String aggregateType, String eventType) {
        return currentVersions.computeIfAbsent(new Key(aggregateType, eventType, 0), k -> upcasters.values().stream()
                .filter(u -> u.aggregateType().equals(aggregateType))
                .map(u -> upcast(new StoredPayload(u.eventType(), u.fromSchemaVersion(), mapper.createObjectNode()),
                        aggregateType))
                .filter(p -> p.eventType().equals(eventType))
                .mapToInt(StoredPayload::schemaVersion)
                .max()
                .orElse(StoredPayload.DEFAULT_SCHEMA_VERSION));
    }

    /** Whether an upcaster starts at {@code eventType} of {@code aggregateType}, at any schema version. */
    public boolean upcasts(String aggregateType, String eventType) {
        return upcasters.keySet().stream()
                .anyMatch(k -> k.aggregateType().equals(aggregateType) && k.eventType().equals(eventType));
    }

    /** Applies the upcaster chain until no step matches. */
    public StoredPayload upcast(StoredPayload stored, String aggregateType) {
        StoredPayload current = stored;
        for (int step = 0; step < MAX_UPCAST_STEPS; step++) {
            EventUpcaster next = upcasters.get(new Key(aggregateType, current.eventType(), current.schemaVersion()));
            if (next == null) {
                return current;
            }
            current = next.upcast(current);
        }
        throw new IllegalStateException("Upcaster chain of " + aggregateType + "/" + stored.eventType()
                + " does not end");
    }

    /**
     * Reads a stored payload as the current record of its aggregate.
     *
     * @throws UnknownEventTypeException when the upcast type names no record
     * @throws JacksonException          when the JSON cannot be mapped
     */
    public <E> E readEvent(AggregateEvents<E> events, String eventType, int schemaVersion, String payloadJson) {
        return readEvent(events, eventType, schemaVersion, mapper.readTree(payloadJson));
    }

    public <E> E readEvent(AggregateEvents<E> events, String eventType, int schemaVersion, JsonNode payload) {
        StoredPayload upcast = upcast(new StoredPayload(eventType, schemaVersion, payload), events.aggregateType());
        @SuppressWarnings("unchecked")
        Class<? extends E> type = (Class<? extends E>) eventTypes.computeIfAbsent(events, AggregateEvents::eventTypes)
                .get(upcast.eventType());
        if (type == null) {
            throw new UnknownEventTypeException(events.aggregateType(), upcast.eventType());
        }
        return mapper.treeToValue(upcast.payload(), type);
    }

    /** Reads a snapshot or other value written by {@link #write}. */
    public <T> T read(String json, Class<T> type) {
        return mapper.readValue(json, type);
    }

    private record Key(String aggregateType, String eventType, int schemaVersion) {
    }
}
