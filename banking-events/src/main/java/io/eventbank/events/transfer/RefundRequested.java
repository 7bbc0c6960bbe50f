package io.eventbank.events.transfer;

import io.eventbank.events.Money;
import java.util.UUID;

/** The destination refused the credit; the debited amount goes back to the source. */
public record RefundRequested(UUID fromAccountId, Money amount, String reason) implements MoneyTransferEvent {

    public RefundRequested {
        reason = reason == null ? "" : reason;
    }
}
