package io.eventbank.events.transfer;

import io.eventbank.events.Money;
import java.math.BigDecimal;
import java.util.UUID;

/** The source was credited back: the transfer ends REFUNDED. */
public record TransferRefunded(UUID fromAccountId, BigDecimal amount) implements MoneyTransferEvent {

    public TransferRefunded {
        amount = Money.of(amount);
    }
}
