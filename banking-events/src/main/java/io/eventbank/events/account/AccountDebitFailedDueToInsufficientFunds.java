package io.eventbank.events.account;

import io.eventbank.events.Money;
import java.math.BigDecimal;
import java.util.UUID;

public record AccountDebitFailedDueToInsufficientFunds(UUID transferId, BigDecimal amount, BigDecimal balance)
        implements AccountEvent {

    public AccountDebitFailedDueToInsufficientFunds {
        amount = Money.of(amount);
        balance = Money.of(balance);
    }
}
