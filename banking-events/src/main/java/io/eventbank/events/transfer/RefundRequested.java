package io.eventbank.events.transfer;

import io.eventbank.events.Money;
import java.math.BigDecimal;
import java.util.UUID;

/** The destination refused the credit; the debited amount goes back to the source. */
public record RefundRequested(UUID fromAccountId, BigDecimal amount, String reason) implements MoneyTransferEvent {

    public RefundRequested {
        amount = Money.of(amount);
        reason = reason == null ? "" : reason;
    }
}
