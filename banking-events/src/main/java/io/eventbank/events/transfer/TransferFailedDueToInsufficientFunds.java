package io.eventbank.events.transfer;

import io.eventbank.events.FailureReason;
import java.util.UUID;

/** The source had too little money: the transfer ends FAILED. */
public record TransferFailedDueToInsufficientFunds(UUID fromAccountId) implements MoneyTransferEvent {

    /** {@link FailureReason#INSUFFICIENT_FUNDS}. */
    public FailureReason reason() {
        return FailureReason.INSUFFICIENT_FUNDS;
    }
}
