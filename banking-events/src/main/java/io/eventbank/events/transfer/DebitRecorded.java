package io.eventbank.events.transfer;

import io.eventbank.events.Money;
import java.util.UUID;

/** The source was debited; the destination is to be credited. */
public record DebitRecorded(UUID fromAccountId, UUID toAccountId, Money amount) implements MoneyTransferEvent {
}
