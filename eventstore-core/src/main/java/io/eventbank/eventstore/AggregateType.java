package io.eventbank.eventstore;

import java.util.Objects;

/**
 * Describes an aggregate type once, for the store: its events, the state class and the empty
 * state that events are folded onto.
 *
 * @param events                the published language of the type
 * @param stateClass            the aggregate record, also the snapshot payload
 * @param initialState          state before the first event
 * @param snapshotSchemaVersion bump when {@code stateClass} changes incompatibly: older snapshots
 *                              are then ignored and the aggregate is replayed from its events
 */
public record AggregateType<A extends Aggregate<A, E>, E>(
        AggregateEvents<E> events, Class<A> stateClass, A initialState, int snapshotSchemaVersion) {

    public AggregateType {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(stateClass, "stateClass");
        Objects.requireNonNull(initialState, "initialState");
    }

    public static <A extends Aggregate<A, E>, E> AggregateType<A, E> of(
            AggregateEvents<E> events, Class<A> stateClass, A initialState) {
        return new AggregateType<>(events, stateClass, initialState, 1);
    }

    public String name() {
        return events.aggregateType();
    }
}
