package io.eventbank.events.transfer;

import io.eventbank.events.Money;
import java.util.UUID;

/** A transfer was requested; {@code description} defaults to empty for events stored without it. */
public record MoneyTransferCreated(UUID fromAccountId, UUID toAccountId, Money amount, String description)
        implements MoneyTransferEvent {

    public MoneyTransferCreated {
        description = description == null ? "" : description;
    }
}
