package io.eventbank.events.account;

import io.eventbank.events.Money;

/** An account was opened; {@code initialBalance} defaults to zero for events stored without it. */
public record AccountOpened(String ownerId, String title, Money initialBalance) implements AccountEvent {

    public AccountOpened {
        title = title == null ? "" : title;
        initialBalance = initialBalance == null ? Money.ZERO : initialBalance;
    }
}
