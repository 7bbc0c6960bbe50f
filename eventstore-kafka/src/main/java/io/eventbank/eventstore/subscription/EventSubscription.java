package io.eventbank.eventstore.subscription;

import io.eventbank.eventstore.AggregateEvents;
import io.eventbank.eventstore.EventEnvelope;
import io.eventbank.eventstore.EventMetadata;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A named subscriber (a Kafka consumer group) with one handler per aggregate type. Declare it as a
 * bean; the auto-configuration starts one listener container per subscription.
 *
 * <p>Guarantees: per-aggregate order (records are keyed by aggregate id); a poll is handled as one
 * unit, and committed (offsets, and where a {@link SubscriptionStore} keeps them, positions and
 * applied versions in the handler's own transaction) only after its handlers returned; records of
 * aggregate types without a handler, and of event types this consumer's records do not know, are
 * skipped by header before parsing; a failing record is isolated, retried with bounded back-off,
 * then sent to {@code <topic>-dlt} with its origin in headers, and the consumer moves on; a record
 * that cannot be read is dead-lettered at once.
 *
 * <p>Handlers run with the correlation id of their events in the logging context
 * ({@link EventMetadata#CORRELATION_ID}; a batch only when its events share one) and in the trace
 * of their events ({@link SubscriptionTracing}).
 */
public final class EventSubscription {

    private final String subscriberId;
    private final Map<String, Registration<?>> handlers;

    private EventSubscription(String subscriberId, Map<String, Registration<?>> handlers) {
        this.subscriberId = subscriberId;
        this.handlers = Map.copyOf(handlers);
    }

    public static Builder builder(String subscriberId) {
        return new Builder(subscriberId);
    }

    /** Kafka consumer group id. */
    public String subscriberId() {
        return subscriberId;
    }

    /** Topics of every aggregate type with a handler. */
    public Set<String> topics() {
        return handlers.values().stream().map(r -> r.events().topic()).collect(Collectors.toUnmodifiableSet());
    }

    /** Every aggregate type with a handler. */
    public Collection<AggregateEvents<?>> aggregates() {
        return handlers.values().stream().<AggregateEvents<?>>map(Registration::events).toList();
    }

    public Optional<Registration<?>> registration(String aggregateType) {
        return Optional.ofNullable(handlers.get(aggregateType));
    }

    /**
     * The handler of one aggregate type.
     *
     * @param perRecord whether the handler takes one event at a time ({@link Builder#on}): the runtime
     *                  then calls it per event, each in its own logging and trace context
     */
    public record Registration<E>(AggregateEvents<E> events, BatchEventHandler<E> handler, boolean perRecord) {

        @SuppressWarnings("unchecked")
        void handle(List<EventEnvelope<?>> envelopes) throws Exception {
            handler.handle((List<EventEnvelope<E>>) (List<?>) envelopes);
        }
    }

    public static final class Builder {

        private final String subscriberId;
        private final Map<String, Registration<?>> handlers = new LinkedHashMap<>();

        private Builder(String subscriberId) {
            this.subscriberId = Objects.requireNonNull(subscriberId, "subscriberId");
        }

        /**
         * Handles the events of {@code events}' aggregate type one by one, each with its correlation
         * id in the logging context ({@link EventMetadata#CORRELATION_ID}) and its span in scope.
         */
        public <E> Builder on(AggregateEvents<E> events, EventHandler<E> handler) {
            Objects.requireNonNull(handler, "handler");
            return register(events, envelopes -> {
                for (EventEnvelope<E> envelope : envelopes) {
                    try {
                        handler.handle(envelope);
                    } catch (Exception e) {
                        throw new EventHandlingException(subscriberId + " failed on " + envelope.eventType() + " "
                                + envelope.eventId() + ": " + e.getMessage(), e, envelope);
                    }
                }
            }, true);
        }

        /** Handles a poll's events of {@code events}' aggregate type together. */
        public <E> Builder onBatch(AggregateEvents<E> events, BatchEventHandler<E> handler) {
            Objects.requireNonNull(handler, "handler");
            return register(events, handler, false);
        }

        private <E> Builder register(AggregateEvents<E> events, BatchEventHandler<E> handler, boolean perRecord) {
            if (handlers.putIfAbsent(events.aggregateType(), new Registration<>(events, handler, perRecord)) != null) {
                throw new IllegalArgumentException("Two handlers for " + events.aggregateType() + " in " + subscriberId);
            }
            return this;
        }

        public EventSubscription build() {
            if (handlers.isEmpty()) {
                throw new IllegalStateException("Subscription " + subscriberId + " has no handler");
            }
            return new EventSubscription(subscriberId, handlers);
        }
    }
}
