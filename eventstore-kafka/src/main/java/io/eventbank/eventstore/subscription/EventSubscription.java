package io.eventbank.eventstore.subscription;

import io.eventbank.eventstore.AggregateEvents;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A named subscriber (a Kafka consumer group) and its handlers per aggregate and event type.
 * Declare it as a bean; the auto-configuration starts one listener container per subscription.
 *
 * <p>Guarantees: per-aggregate order (records are keyed by aggregate id); offsets are committed
 * only after the handler returned; event types without a handler are skipped; a failing record
 * is retried with bounded back-off, then sent to {@code <topic>-dlt} with its origin in headers,
 * and the consumer moves on; a record that cannot be read is dead-lettered at once.
 */
public final class EventSubscription {

    private final String subscriberId;
    private final Map<String, AggregateEvents<?>> aggregates;
    private final Map<Key, Registration<?>> handlers;

    private EventSubscription(String subscriberId, Map<String, AggregateEvents<?>> aggregates,
                              Map<Key, Registration<?>> handlers) {
        this.subscriberId = subscriberId;
        this.aggregates = Map.copyOf(aggregates);
        this.handlers = Map.copyOf(handlers);
    }

    public static Builder builder(String subscriberId) {
        return new Builder(subscriberId);
    }

    /** Kafka consumer group id. */
    public String subscriberId() {
        return subscriberId;
    }

    /** Topics of every aggregate type with at least one handler. */
    public Set<String> topics() {
        return aggregates.values().stream().map(AggregateEvents::topic).collect(Collectors.toUnmodifiableSet());
    }

    /** Every aggregate type with at least one handler. */
    public Collection<AggregateEvents<?>> aggregates() {
        return aggregates.values();
    }

    public Optional<AggregateEvents<?>> aggregateEvents(String aggregateType) {
        return Optional.ofNullable(aggregates.get(aggregateType));
    }

    public Optional<Registration<?>> handlerFor(String aggregateType, String eventType) {
        return Optional.ofNullable(handlers.get(new Key(aggregateType, eventType)));
    }

    /** A handler with the record class it expects. */
    public record Registration<T>(Class<T> eventClass, EventHandler<T> handler) {
    }

    private record Key(String aggregateType, String eventType) {
    }

    public static final class Builder {

        private final String subscriberId;
        private final Map<String, AggregateEvents<?>> aggregates = new LinkedHashMap<>();
        private final Map<Key, Registration<?>> handlers = new LinkedHashMap<>();

        private Builder(String subscriberId) {
            this.subscriberId = Objects.requireNonNull(subscriberId, "subscriberId");
        }

        public <E, T extends E> Builder on(AggregateEvents<E> events, Class<T> eventClass, EventHandler<T> handler) {
            String eventType = eventClass.getSimpleName();
            if (!events.eventTypes().containsKey(eventType)) {
                throw new IllegalArgumentException(eventClass + " is not an event of " + events.aggregateType());
            }
            aggregates.put(events.aggregateType(), events);
            if (handlers.putIfAbsent(new Key(events.aggregateType(), eventType),
                    new Registration<>(eventClass, handler)) != null) {
                throw new IllegalArgumentException("Two handlers for " + eventType + " in " + subscriberId);
            }
            return this;
        }

        public EventSubscription build() {
            if (handlers.isEmpty()) {
                throw new IllegalStateException("Subscription " + subscriberId + " has no handler");
            }
            return new EventSubscription(subscriberId, aggregates, handlers);
        }
    }
}
