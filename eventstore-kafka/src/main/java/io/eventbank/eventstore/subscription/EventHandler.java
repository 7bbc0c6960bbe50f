package io.eventbank.eventstore.subscription;

import io.eventbank.eventstore.EventEnvelope;

/**
 * Handles the events of one aggregate type, one at a time; {@code E} is the sealed base type, so
 * the handler switches over it exhaustively and a new event type is a compile error where it must
 * be decided about. Throwing isolates the record: it is retried with back-off and finally
 * dead-lettered.
 */
@FunctionalInterface
public interface EventHandler<E> {

    void handle(EventEnvelope<E> envelope) throws Exception;
}
