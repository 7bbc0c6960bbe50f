package io.eventbank.eventstore;

import java.util.UUID;

/**
 * An append inside a transaction the caller owns met a concurrent writer of the aggregate. Nothing of
 * the append remains, but the transaction already holds its transaction id (taken at its first write),
 * and the outbox publishes in transaction-id order: appending the aggregate's next version inside the
 * same transaction could publish it before the concurrent writer's older version. The caller rolls
 * the transaction back and runs it again as a whole; {@link AggregateRepository} does not retry it.
 */
public class TransactionConflictException extends RuntimeException {

    private final UUID aggregateId;

    public TransactionConflictException(UUID aggregateId, Throwable cause) {
        super("Aggregate " + aggregateId + " was appended to concurrently; the enclosing transaction must be run again",
                cause);
        this.aggregateId = aggregateId;
    }

    public UUID aggregateId() {
        return aggregateId;
    }
}
