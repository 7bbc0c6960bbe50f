package io.eventbank.events.account;

import io.eventbank.events.Money;
import java.util.UUID;

/**
 * Money entered the account for a transfer; {@code refund} marks money returned to the source of a
 * transfer whose credit failed. {@code newBalance} is the balance after it.
 */
public record AccountCredited(UUID transferId, Money amount, boolean refund, Money newBalance)
        implements AccountEvent {
}
