package io.eventbank.events.transfer;

import io.eventbank.events.Money;
import java.util.UUID;

/** The source was credited back: the transfer ends REFUNDED. */
public record TransferRefunded(UUID fromAccountId, Money amount) implements MoneyTransferEvent {
}
