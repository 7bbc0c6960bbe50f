package io.eventbank.view.projection.domain;

import io.eventbank.events.Money;
import java.time.Instant;

/** A transfer as seen from one of its accounts, with the transfer's current status and version. */
public record TransferEntry(String transferId, Direction direction, String counterpartyAccountId, Money amount,
                            String description, TransferStatus status, int version, Instant createdAt) {

    public enum Direction {
        OUTGOING, INCOMING
    }
}
