package io.eventbank.events.transfer;

import io.eventbank.events.Money;
import java.math.BigDecimal;
import java.util.UUID;

/** The destination was credited: the transfer is complete. */
public record CreditRecorded(UUID toAccountId, BigDecimal amount) implements MoneyTransferEvent {

    public CreditRecorded {
        amount = Money.of(amount);
    }
}
