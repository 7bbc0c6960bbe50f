package io.eventbank.eventstore;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The published language of one aggregate type: its logical name, its event records and the
 * Kafka topic they are published to. Producers and consumers share it; no aggregate state needed.
 *
 * <p>Event types are the records permitted by the sealed {@code baseType}; each one's logical name
 * is its simple class name, so a stored or published event never names a Java package.
 *
 * <p>A service declares the aggregate types it publishes (or consumes) as beans; the
 * auto-configuration then creates {@link #topic()} and {@link #deadLetterTopic()} at start-up
 * ({@code eventbank.eventstore.topics.*}):
 * <pre>{@code
 * public static final AggregateEvents<AccountEvent> EVENTS = AggregateEvents.of("Account", AccountEvent.class);
 *
 * @Bean
 * AggregateEvents<AccountEvent> accountEvents() {
 *     return EVENTS;
 * }
 * }</pre>
 * An {@link AggregateType} bean or an {@code EventSubscription} bean declares its types as well. The
 * publisher itself sends every stored event to {@code topicOf(aggregate_type)}, declared or not.
 *
 * @param aggregateType logical name, e.g. {@code Account}
 * @param baseType      sealed interface of the events
 * @param <E>           the sealed base type
 */
public record AggregateEvents<E>(String aggregateType, Class<E> baseType) {

    /** What a dead-letter topic's name adds to its topic's. */
    public static final String DEAD_LETTER_SUFFIX = "-dlt";

    public AggregateEvents {
        Objects.requireNonNull(aggregateType, "aggregateType");
        if (!baseType.isSealed()) {
            throw new IllegalArgumentException(baseType + " must be a sealed interface of event records");
        }
    }

    public static <E> AggregateEvents<E> of(String aggregateType, Class<E> baseType) {
        return new AggregateEvents<>(aggregateType, baseType);
    }

    /** Logical event name → record class, in declaration order. */
    public Map<String, Class<? extends E>> eventTypes() {
        Map<String, Class<? extends E>> types = new LinkedHashMap<>();
        Arrays.stream(baseType.getPermittedSubclasses())
                .forEach(c -> types.put(c.getSimpleName(), c.asSubclass(baseType)));
        return types;
    }

    /** Logical name under which {@code event} is stored and published. */
    public String eventTypeOf(E event) {
        return event.getClass().getSimpleName();
    }

    /** Topic that carries every event of this aggregate type, keyed by aggregate id. */
    public String topic() {
        return topicOf(aggregateType);
    }

    /** Dead-letter topic beside {@link #topic()}. */
    public String deadLetterTopic() {
        return deadLetterTopicOf(topic());
    }

    /** Dead-letter topic beside {@code topic}: {@code <topic>-dlt}. */
    public static String deadLetterTopicOf(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }

    public static String topicOf(String aggregateType) {
        return "eventbank." + aggregateType;
    }
}
