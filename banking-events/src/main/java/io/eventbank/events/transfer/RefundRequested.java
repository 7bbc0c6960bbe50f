package io.eventbank.events.transfer;

import io.eventbank.events.FailureReason;
import io.eventbank.events.Money;
import java.util.UUID;

/**
 * The destination refused the credit; the debited amount goes back to the source. Events stored with a
 * prose reason read as its code (see {@link FailureReason#fromCode}); without one, as
 * {@link FailureReason#DESTINATION_ACCOUNT_CLOSED}, the only reason a credit is refused.
 */
public record RefundRequested(UUID fromAccountId, Money amount, FailureReason reason) implements MoneyTransferEvent {

    public RefundRequested {
        reason = reason == null ? FailureReason.DESTINATION_ACCOUNT_CLOSED : reason;
    }
}
