package io.eventbank.events.account;

import io.eventbank.events.FailureReason;
import io.eventbank.events.Money;
import java.util.UUID;

/** The credit was refused: the account (the transfer's destination) is closed. */
public record AccountCreditFailedAccountClosed(UUID transferId, Money amount) implements AccountEvent {

    /** {@link FailureReason#DESTINATION_ACCOUNT_CLOSED}. */
    public FailureReason reason() {
        return FailureReason.DESTINATION_ACCOUNT_CLOSED;
    }
}
