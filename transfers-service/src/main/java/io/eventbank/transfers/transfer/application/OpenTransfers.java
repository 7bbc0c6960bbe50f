package io.eventbank.transfers.transfer.application;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The transfers whose last event leaves the saga waiting for the accounts, read from the event store. */
public interface OpenTransfers {

    /**
     * @param eventType the logical name of the transfer's last event
     * @param since     when that event occurred (the database's clock)
     */
    record LastEvent(UUID transferId, int version, String eventType, Instant since) {
    }

    /**
     * @param scan the transfers found, oldest first
     * @param cutoff the database's now minus {@code waitingLongerThan}, the upper bound of this scan
     */
    record Scan(List<LastEvent> scan, Instant cutoff) {
    }

    /**
     * Transfers whose last event is one of {@code eventTypes}, occurred at or after {@code from} and
     * longer than {@code waitingLongerThan} ago.
     */
    Scan waiting(List<String> eventTypes, Instant from, Duration waitingLongerThan);

    /** The last event of {@code transferId}, if the store holds the transfer. */
    Optional<LastEvent> lastEvent(UUID transferId);
}
