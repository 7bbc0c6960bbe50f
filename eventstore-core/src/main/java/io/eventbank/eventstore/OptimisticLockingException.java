package io.eventbank.eventstore;

import java.util.UUID;

/** The aggregate's stored version was not the one the update expected; nothing was appended. */
public class OptimisticLockingException extends RuntimeException {

    private final UUID aggregateId;
    private final int expectedVersion;

    public OptimisticLockingException(UUID aggregateId, int expectedVersion, Throwable cause) {
        super("Aggregate " + aggregateId + " is no longer at version " + expectedVersion, cause);
        this.aggregateId = aggregateId;
        this.expectedVersion = expectedVersion;
    }

    public UUID aggregateId() {
        return aggregateId;
    }

    public int expectedVersion() {
        return expectedVersion;
    }
}
