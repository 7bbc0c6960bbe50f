package io.eventbank.events.account;

import io.eventbank.events.FailureReason;
import io.eventbank.events.Money;
import java.util.UUID;

/** The debit was refused: the balance is less than the amount. */
public record AccountDebitFailedDueToInsufficientFunds(UUID transferId, Money amount, Money balance)
        implements AccountEvent {

    /** {@link FailureReason#INSUFFICIENT_FUNDS}. */
    public FailureReason reason() {
        return FailureReason.INSUFFICIENT_FUNDS;
    }
}
