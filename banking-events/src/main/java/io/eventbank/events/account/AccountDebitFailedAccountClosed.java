package io.eventbank.events.account;

import io.eventbank.events.FailureReason;
import io.eventbank.events.Money;
import java.util.UUID;

/** The debit was refused: the account (the transfer's source) is closed. */
public record AccountDebitFailedAccountClosed(UUID transferId, Money amount) implements AccountEvent {

    /** {@link FailureReason#SOURCE_ACCOUNT_CLOSED}. */
    public FailureReason reason() {
        return FailureReason.SOURCE_ACCOUNT_CLOSED;
    }
}
