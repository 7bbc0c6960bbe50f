package io.eventbank.view.projection.domain;

import java.math.BigDecimal;
import java.time.Instant;

/** A transfer as seen from one of its accounts, with the transfer's current status and version. */
public record TransferEntry(String transferId, Direction direction, String counterpartyAccountId, BigDecimal amount,
                            String description, TransferStatus status, int version, Instant createdAt) {

    public enum Direction {
        OUTGOING, INCOMING
    }
}
