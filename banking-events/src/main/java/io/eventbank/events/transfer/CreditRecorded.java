package io.eventbank.events.transfer;

import io.eventbank.events.Money;
import java.util.UUID;

/** The destination was credited: the transfer is complete. */
public record CreditRecorded(UUID toAccountId, Money amount) implements MoneyTransferEvent {
}
