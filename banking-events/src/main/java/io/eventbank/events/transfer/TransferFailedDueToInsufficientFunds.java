package io.eventbank.events.transfer;

import java.util.UUID;

public record TransferFailedDueToInsufficientFunds(UUID fromAccountId) implements MoneyTransferEvent {
}
