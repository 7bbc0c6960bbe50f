package io.eventbank.transfers.transfer.application;

import java.util.UUID;

/** Sends a stored event again as it was published, for the consumers that did not apply it. */
@FunctionalInterface
public interface EventRedrive {

    /** @return false when the store holds no such event */
    boolean republish(UUID aggregateId, int version) throws Exception;
}
