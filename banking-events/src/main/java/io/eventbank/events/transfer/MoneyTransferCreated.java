package io.eventbank.events.transfer;

import io.eventbank.events.Money;
import java.util.UUID;

/**
 * A transfer was requested by {@code initiatedBy} (the customer, a token's {@code sub}; null for
 * events stored before transfers recorded it: such a transfer is nobody's to read).
 * {@code description} defaults to empty for events stored without it.
 */
public record MoneyTransferCreated(UUID fromAccountId, UUID toAccountId, Money amount, String description,
                                   String initiatedBy) implements MoneyTransferEvent {

    public MoneyTransferCreated {
        description = description == null ? "" : description;
    }

    /** A transfer with no recorded initiator (as stored before initiators were recorded). */
    public MoneyTransferCreated(UUID fromAccountId, UUID toAccountId, Money amount, String description) {
        this(fromAccountId, toAccountId, amount, description, null);
    }
}
