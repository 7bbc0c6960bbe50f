package io.eventbank.events.transfer;

import io.eventbank.events.FailureReason;
import java.util.UUID;

/** The source account is closed: the transfer ends FAILED. */
public record TransferFailedSourceAccountClosed(UUID fromAccountId) implements MoneyTransferEvent {

    /** {@link FailureReason#SOURCE_ACCOUNT_CLOSED}. */
    public FailureReason reason() {
        return FailureReason.SOURCE_ACCOUNT_CLOSED;
    }
}
