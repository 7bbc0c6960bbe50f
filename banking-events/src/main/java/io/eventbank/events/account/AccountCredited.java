package io.eventbank.events.account;

import io.eventbank.events.Money;
import java.math.BigDecimal;
import java.util.UUID;

/**
 * Money entered the account for a transfer; {@code refund} marks money returned to the source of a
 * transfer whose credit failed. {@code newBalance} is the balance after it.
 */
public record AccountCredited(UUID transferId, BigDecimal amount, boolean refund, BigDecimal newBalance)
        implements AccountEvent {

    public AccountCredited {
        amount = Money.of(amount);
        newBalance = Money.of(newBalance);
    }
}
