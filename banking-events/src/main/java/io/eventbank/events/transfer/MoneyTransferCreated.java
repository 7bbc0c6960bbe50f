package io.eventbank.events.transfer;

import io.eventbank.events.Money;
import java.math.BigDecimal;
import java.util.UUID;

/** A transfer was requested; {@code description} defaults to empty for events stored without it. */
public record MoneyTransferCreated(UUID fromAccountId, UUID toAccountId, BigDecimal amount, String description)
        implements MoneyTransferEvent {

    public MoneyTransferCreated {
        amount = Money.of(amount);
        description = description == null ? "" : description;
    }
}
