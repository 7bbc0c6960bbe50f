package io.eventbank.eventstore;

/**
 * The state of an event-sourced entity: an immutable value that changes only by applying events.
 *
 * <p>{@link #apply} must be a pure function that never fails: the events it receives were already
 * accepted, so rejecting one would make the stored history unreadable.
 *
 * @param <A> the aggregate's own type
 * @param <E> the sealed base type of its events
 */
public interface Aggregate<A extends Aggregate<A, E>, E> {

    /** Returns the state after {@code event}; never throws for an event of this aggregate. */
    A apply(E event);
}
