package io.eventbank.eventstore.subscription;

import io.eventbank.eventstore.EventEnvelope;

/**
 * Handles one event type. Delivery is at-least-once: a handler must be idempotent (command side:
 * pass the event id as triggering message id; query side: apply by version). Throwing makes the
 * record retried with back-off and finally dead-lettered.
 */
@FunctionalInterface
public interface EventHandler<E> {

    void handle(EventEnvelope<E> envelope) throws Exception;
}
