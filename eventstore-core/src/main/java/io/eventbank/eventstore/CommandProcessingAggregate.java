package io.eventbank.eventstore;

import java.util.List;

/**
 * An aggregate that decides: {@link #process} turns a command into the events that record the
 * decision, without changing state. A rejected business rule that other services must react to
 * is a failure event; a request that makes no sense is a {@link DomainException}.
 *
 * @param <A> the aggregate's own type
 * @param <C> the sealed base type of its commands
 * @param <E> the sealed base type of its events
 */
public interface CommandProcessingAggregate<A extends CommandProcessingAggregate<A, C, E>, C, E>
        extends Aggregate<A, E> {

    /** Returns the events that {@code command} causes; an empty list means "nothing to do". */
    List<E> process(C command);
}
