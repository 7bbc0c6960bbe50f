package io.eventbank.events.transfer;

/** Events of the MoneyTransfer aggregate (the saga's state). Amounts are {@link io.eventbank.events.Money}. */
public sealed interface MoneyTransferEvent permits MoneyTransferCreated, DebitRecorded, CreditRecorded,
        TransferFailedDueToInsufficientFunds, TransferFailedSourceAccountClosed, RefundRequested,
        TransferRefunded {
}
