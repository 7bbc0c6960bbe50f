package io.eventbank.transfers.transfer.domain;

import io.eventbank.eventstore.AggregateType;
import io.eventbank.eventstore.CommandProcessingAggregate;
import io.eventbank.eventstore.DomainException;
import io.eventbank.events.BankingEvents;
import io.eventbank.events.FailureReason;
import io.eventbank.events.Money;
import io.eventbank.events.transfer.CreditRecorded;
import io.eventbank.events.transfer.DebitRecorded;
import io.eventbank.events.transfer.MoneyTransferCreated;
import io.eventbank.events.transfer.MoneyTransferEvent;
import io.eventbank.events.transfer.RefundRequested;
import io.eventbank.events.transfer.TransferFailedDueToInsufficientFunds;
import io.eventbank.events.transfer.TransferFailedSourceAccountClosed;
import io.eventbank.events.transfer.TransferRefunded;
import io.eventbank.transfers.transfer.domain.TransferCommand.CreateTransfer;
import io.eventbank.transfers.transfer.domain.TransferCommand.RecordCredit;
import io.eventbank.transfers.transfer.domain.TransferCommand.RecordCreditFailed;
import io.eventbank.transfers.transfer.domain.TransferCommand.RecordDebit;
import io.eventbank.transfers.transfer.domain.TransferCommand.RecordDebitFailed;
import io.eventbank.transfers.transfer.domain.TransferCommand.RecordRefund;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The state of one transfer saga. Each saga reply moves it one step; a reply for a step already
 * taken (a duplicate) yields no event, and a reply that makes no sense in the current state is
 * rejected with a {@link DomainException}.
 *
 * @param initiatedBy the customer who requested the transfer (its only reader); null for transfers
 *                    created before initiators were recorded: they are nobody's
 */
public record MoneyTransfer(UUID fromAccountId, UUID toAccountId, Money amount, String description,
                            TransferStatus status, String initiatedBy)
        implements CommandProcessingAggregate<MoneyTransfer, TransferCommand, MoneyTransferEvent> {

    /**
     * The events after which the saga waits for a reply of the accounts, with the status they leave;
     * after any other event it has ended.
     */
    public static final Map<Class<? extends MoneyTransferEvent>, TransferStatus> AWAITING_REPLY = Map.of(
            MoneyTransferCreated.class, TransferStatus.NEW,
            DebitRecorded.class, TransferStatus.DEBITED,
            RefundRequested.class, TransferStatus.REFUND_PENDING);

    /** Code of the rule that a transfer's source and destination differ. */
    public static final String SAME_ACCOUNT = "same-account";

    public static final MoneyTransfer EMPTY =
            new MoneyTransfer(null, null, null, null, TransferStatus.NOT_CREATED, null);

    /**
     * Snapshot schema 2: the state gained {@code initiatedBy}. Schema-1 snapshots are ignored and
     * their transfers replayed from the events (which carry it when it was recorded).
     */
    public static final AggregateType<MoneyTransfer, MoneyTransferEvent> TYPE =
            new AggregateType<>(BankingEvents.TRANSFER, MoneyTransfer.class, EMPTY, 2);

    @Override
    public List<MoneyTransferEvent> process(TransferCommand command) {
        if (status == TransferStatus.NOT_CREATED && !(command instanceof CreateTransfer)) {
            throw new DomainException("transfer-not-created", "The transfer does not exist");
        }
        return switch (command) {
            case CreateTransfer create -> create(create);
            case RecordDebit debit -> step(TransferStatus.NEW,
                    Set.of(TransferStatus.DEBITED, TransferStatus.COMPLETED, TransferStatus.REFUND_PENDING,
                            TransferStatus.REFUNDED),
                    () -> new DebitRecorded(fromAccountId, toAccountId, amount), "debit");
            case RecordDebitFailed failed -> step(TransferStatus.NEW, Set.of(TransferStatus.FAILED),
                    () -> debitFailure(failed.reason()), "debit failure");
            case RecordCredit credit -> step(TransferStatus.DEBITED, Set.of(TransferStatus.COMPLETED),
                    () -> new CreditRecorded(toAccountId, amount), "credit");
            case RecordCreditFailed failed -> step(TransferStatus.DEBITED,
                    Set.of(TransferStatus.REFUND_PENDING, TransferStatus.REFUNDED),
                    () -> new RefundRequested(fromAccountId, amount, failed.reason()), "credit failure");
            case RecordRefund refund -> step(TransferStatus.REFUND_PENDING, Set.of(TransferStatus.REFUNDED),
                    () -> new TransferRefunded(fromAccountId, amount), "refund");
        };
    }

    private List<MoneyTransferEvent> create(CreateTransfer create) {
        if (status != TransferStatus.NOT_CREATED) {
            throw new DomainException("transfer-already-exists", "The transfer already exists");
        }
        if (create.fromAccountId() == null || create.toAccountId() == null) {
            throw new DomainException("account-required", "A transfer needs a source and a destination account");
        }
        if (create.initiatedBy() == null || create.initiatedBy().isBlank()) {
            throw new DomainException("initiator-required", "A transfer needs the customer who requests it");
        }
        if (create.fromAccountId().equals(create.toAccountId())) {
            throw new DomainException(SAME_ACCOUNT, "Source and destination accounts must differ");
        }
        return List.of(new MoneyTransferCreated(create.fromAccountId(), create.toAccountId(),
                Money.amount(create.amount()), create.description(), create.initiatedBy()));
    }

    private MoneyTransferEvent debitFailure(FailureReason reason) {
        return switch (reason) {
            case INSUFFICIENT_FUNDS -> new TransferFailedDueToInsufficientFunds(fromAccountId);
            case SOURCE_ACCOUNT_CLOSED -> new TransferFailedSourceAccountClosed(fromAccountId);
            case DESTINATION_ACCOUNT_CLOSED, UNSPECIFIED -> throw new DomainException("invalid-reason",
                    "A debit cannot fail for " + reason);
        };
    }

    private List<MoneyTransferEvent> step(TransferStatus from, Set<TransferStatus> alreadyDone,
                                          java.util.function.Supplier<MoneyTransferEvent> event, String what) {
        if (status == from) {
            return List.of(event.get());
        }
        if (alreadyDone.contains(status)) {
            return List.of();
        }
        throw new DomainException("invalid-transition", "A " + what + " cannot be recorded for a " + status + " transfer");
    }

    /** True when this transfer is the one {@code create} asks for (so a retry of it creates nothing new). */
    public boolean isCreatedBy(CreateTransfer create) {
        return status != TransferStatus.NOT_CREATED
                && Objects.equals(fromAccountId, create.fromAccountId())
                && Objects.equals(toAccountId, create.toAccountId())
                && Objects.equals(amount, create.amount())
                && Objects.equals(description, create.description())
                && Objects.equals(initiatedBy, create.initiatedBy());
    }

    /** Whether {@code customerId} requested this transfer; one without a recorded initiator is nobody's. */
    public boolean isInitiatedBy(String customerId) {
        return initiatedBy != null && initiatedBy.equals(customerId);
    }

    /** True when the saga has ended. */
    public boolean terminal() {
        return status == TransferStatus.COMPLETED || status == TransferStatus.FAILED
                || status == TransferStatus.REFUNDED;
    }

    @Override
    public MoneyTransfer apply(MoneyTransferEvent event) {
        return switch (event) {
            case MoneyTransferCreated created -> new MoneyTransfer(created.fromAccountId(), created.toAccountId(),
                    created.amount(), created.description(), TransferStatus.NEW, created.initiatedBy());
            case DebitRecorded debited -> withStatus(TransferStatus.DEBITED);
            case CreditRecorded credited -> withStatus(TransferStatus.COMPLETED);
            case TransferFailedDueToInsufficientFunds failed -> withStatus(TransferStatus.FAILED);
            case TransferFailedSourceAccountClosed failed -> withStatus(TransferStatus.FAILED);
            case RefundRequested refund -> withStatus(TransferStatus.REFUND_PENDING);
            case TransferRefunded refunded -> withStatus(TransferStatus.REFUNDED);
        };
    }

    private MoneyTransfer withStatus(TransferStatus next) {
        return new MoneyTransfer(fromAccountId, toAccountId, amount, description, next, initiatedBy);
    }
}
