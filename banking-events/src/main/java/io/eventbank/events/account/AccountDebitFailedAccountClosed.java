package io.eventbank.events.account;

import io.eventbank.events.Money;
import java.math.BigDecimal;
import java.util.UUID;

public record AccountDebitFailedAccountClosed(UUID transferId, BigDecimal amount) implements AccountEvent {

    public AccountDebitFailedAccountClosed {
        amount = Money.of(amount);
    }
}
