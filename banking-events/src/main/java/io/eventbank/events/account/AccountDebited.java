package io.eventbank.events.account;

import io.eventbank.events.Money;
import java.math.BigDecimal;
import java.util.UUID;

/** Money left the account for a transfer; {@code newBalance} is the balance after it. */
public record AccountDebited(UUID transferId, BigDecimal amount, BigDecimal newBalance) implements AccountEvent {

    public AccountDebited {
        amount = Money.of(amount);
        newBalance = Money.of(newBalance);
    }
}
