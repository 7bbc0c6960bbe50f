package io.eventbank.events.account;

import io.eventbank.events.Money;
import java.math.BigDecimal;

public record AccountOpened(String ownerId, String title, BigDecimal initialBalance) implements AccountEvent {

    public AccountOpened {
        title = title == null ? "" : title;
        initialBalance = initialBalance == null ? Money.ZERO : Money.of(initialBalance);
    }
}
