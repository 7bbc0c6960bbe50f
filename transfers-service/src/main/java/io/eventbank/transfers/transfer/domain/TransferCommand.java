package io.eventbank.transfers.transfer.domain;

import io.eventbank.events.FailureReason;
import io.eventbank.events.Money;
import java.util.UUID;

/** What can happen to a money transfer: its creation, then one command per saga reply. */
public sealed interface TransferCommand {

    /**
     * {@code description} defaults to empty, as in the event; {@code initiatedBy} is the customer
     * requesting it (the owner of the source account).
     */
    record CreateTransfer(UUID fromAccountId, UUID toAccountId, Money amount, String description,
                          String initiatedBy) implements TransferCommand {

        public CreateTransfer {
            description = description == null ? "" : description;
        }
    }

    /** The source account was debited. */
    record RecordDebit() implements TransferCommand {
    }

    /** The source account refused the debit, for {@code reason}. */
    record RecordDebitFailed(FailureReason reason) implements TransferCommand {
    }

    /** The destination account was credited. */
    record RecordCredit() implements TransferCommand {
    }

    /** The destination account refused the credit, for {@code reason} (it is closed): the money must go back. */
    record RecordCreditFailed(FailureReason reason) implements TransferCommand {
    }

    /** The source account was credited back. */
    record RecordRefund() implements TransferCommand {
    }
}
