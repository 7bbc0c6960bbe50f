package io.eventbank.events.transfer;

import java.util.UUID;

public record TransferFailedSourceAccountClosed(UUID fromAccountId) implements MoneyTransferEvent {
}
