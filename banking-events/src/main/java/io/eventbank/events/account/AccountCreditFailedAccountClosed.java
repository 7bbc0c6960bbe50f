package io.eventbank.events.account;

import io.eventbank.events.Money;
import java.math.BigDecimal;
import java.util.UUID;

public record AccountCreditFailedAccountClosed(UUID transferId, BigDecimal amount) implements AccountEvent {

    public AccountCreditFailedAccountClosed {
        amount = Money.of(amount);
    }
}
