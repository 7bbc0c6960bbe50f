package io.eventbank.view.application;

import io.eventbank.events.account.AccountClosed;
import io.eventbank.events.account.AccountCreditFailedAccountClosed;
import io.eventbank.events.account.AccountCredited;
import io.eventbank.events.account.AccountDebitFailedAccountClosed;
import io.eventbank.events.account.AccountDebitFailedDueToInsufficientFunds;
import io.eventbank.events.account.AccountDebited;
import io.eventbank.events.account.AccountEvent;
import io.eventbank.events.account.AccountOpened;
import io.eventbank.events.transfer.CreditRecorded;
import io.eventbank.events.transfer.DebitRecorded;
import io.eventbank.events.transfer.MoneyTransferCreated;
import io.eventbank.events.transfer.MoneyTransferEvent;
import io.eventbank.events.transfer.RefundRequested;
import io.eventbank.events.transfer.TransferFailedDueToInsufficientFunds;
import io.eventbank.events.transfer.TransferFailedSourceAccountClosed;
import io.eventbank.events.transfer.TransferRefunded;
import io.eventbank.eventstore.EventEnvelope;
import io.eventbank.view.domain.AccountChange;
import io.eventbank.view.domain.AccountStatus;
import io.eventbank.view.domain.ChangeKind;
import io.eventbank.view.domain.TransferEntry;
import io.eventbank.view.domain.TransferStatus;
import io.eventbank.view.domain.TransferView;
import io.eventbank.view.infrastructure.ViewStore;
import java.math.BigDecimal;
import java.util.List;

/**
 * Folds Account and MoneyTransfer events into one generation of the views, exactly once per version
 * on at-least-once delivery: version v is applied only onto v − 1; a view at v or later means a
 * duplicate (skipped); anything older is a gap ({@link VersionGapException}, nothing applied).
 *
 * <p>Writes spanning documents (account + change, transfer + both accounts' entries) are not atomic;
 * the secondary writes are idempotent and repeated on a duplicate delivery, so a crash between them
 * heals on redelivery.
 */
public class ViewProjector {

    public enum Outcome {
        APPLIED, DUPLICATE
    }

    /** Ids whose views an apply may have changed (for waking readers). */
    public record Result(Outcome outcome, List<String> signalKeys) {
    }

    public Result applyAccountEvent(ViewStore store, EventEnvelope<? extends AccountEvent> envelope) {
        String accountId = envelope.aggregateId().toString();
        int version = envelope.version();
        List<String> keys = List.of(VersionSignals.account(accountId));
        AccountEvent event = envelope.event();
        if (event instanceof AccountOpened opened && version == 1) {
            boolean inserted = store.openAccount(accountId, opened.ownerId(), opened.title(), opened.initialBalance(),
                    envelope.occurredAt());
            return new Result(inserted ? Outcome.APPLIED : Outcome.DUPLICATE, keys);
        }
        AccountUpdate update = switch (event) {
            case AccountOpened opened -> new AccountUpdate(opened.initialBalance(), AccountStatus.OPEN, null);
            case AccountDebited debited -> new AccountUpdate(debited.newBalance(), null,
                    change(envelope, debited.transferId().toString(), ChangeKind.DEBIT, debited.amount(),
                            debited.newBalance()));
            case AccountCredited credited -> new AccountUpdate(credited.newBalance(), null,
                    change(envelope, credited.transferId().toString(),
                            credited.refund() ? ChangeKind.REFUND : ChangeKind.CREDIT, credited.amount(),
                            credited.newBalance()));
            case AccountDebitFailedDueToInsufficientFunds ignored -> AccountUpdate.VERSION_ONLY;
            case AccountDebitFailedAccountClosed ignored -> AccountUpdate.VERSION_ONLY;
            case AccountCreditFailedAccountClosed ignored -> AccountUpdate.VERSION_ONLY;
            case AccountClosed ignored -> new AccountUpdate(null, AccountStatus.CLOSED, null);
        };
        boolean applied = store.applyAccountVersion(accountId, version, update.balance(), update.status(),
                update.change(), envelope.occurredAt());
        if (!applied) {
            Integer current = store.accountVersion(accountId).orElse(null);
            if (current == null || current < version - 1) {
                throw new VersionGapException("Account", accountId, version, current);
            }
        }
        if (update.change() != null) {
            store.recordChange(update.change());
        }
        return new Result(applied ? Outcome.APPLIED : Outcome.DUPLICATE, keys);
    }

    public Result applyTransferEvent(ViewStore store, EventEnvelope<? extends MoneyTransferEvent> envelope) {
        String transferId = envelope.aggregateId().toString();
        int version = envelope.version();
        if (envelope.event() instanceof MoneyTransferCreated created && version == 1) {
            String from = created.fromAccountId().toString();
            String to = created.toAccountId().toString();
            boolean inserted = store.createTransfer(new TransferView(transferId, from, to, created.amount(),
                    created.description(), TransferStatus.NEW, null, 1, envelope.occurredAt(),
                    envelope.occurredAt()));
            if (inserted || !store.transferEntriesRecorded(transferId)) {
                // from the stored transfer, so that a redelivery after a crash repeats them identically
                TransferView transfer = store.transfer(transferId).orElseThrow();
                store.addTransferEntry(from, entry(transfer, TransferEntry.Direction.OUTGOING));
                store.addTransferEntry(to, entry(transfer, TransferEntry.Direction.INCOMING));
                store.advanceTransferEntry(from, transferId, transfer.version(), transfer.status());
                store.advanceTransferEntry(to, transferId, transfer.version(), transfer.status());
                store.markTransferEntriesRecorded(transferId);
            }
            return new Result(inserted ? Outcome.APPLIED : Outcome.DUPLICATE, keys(transferId, from, to));
        }
        TransferChange change = switch (envelope.event()) {
            case MoneyTransferCreated ignored -> new TransferChange(TransferStatus.NEW, null);
            case DebitRecorded ignored -> new TransferChange(TransferStatus.DEBITED, null);
            case CreditRecorded ignored -> new TransferChange(TransferStatus.COMPLETED, null);
            case TransferFailedDueToInsufficientFunds ignored ->
                    new TransferChange(TransferStatus.FAILED, "INSUFFICIENT_FUNDS");
            case TransferFailedSourceAccountClosed ignored ->
                    new TransferChange(TransferStatus.FAILED, "SOURCE_ACCOUNT_CLOSED");
            case RefundRequested refund -> new TransferChange(TransferStatus.REFUND_PENDING,
                    refund.reason().isEmpty() ? "DESTINATION_ACCOUNT_CLOSED" : refund.reason());
            case TransferRefunded ignored -> new TransferChange(TransferStatus.REFUNDED, null);
        };
        boolean applied = store.applyTransferVersion(transferId, version, change.status(), change.failureReason(),
                envelope.occurredAt());
        TransferView transfer = store.transfer(transferId).orElse(null);
        if (!applied && (transfer == null || transfer.version() < version - 1)) {
            throw new VersionGapException("MoneyTransfer", transferId, version,
                    transfer == null ? null : transfer.version());
        }
        if (transfer.version() == version) {
            store.advanceTransferEntry(transfer.fromAccountId(), transferId, version, change.status());
            store.advanceTransferEntry(transfer.toAccountId(), transferId, version, change.status());
        }
        return new Result(applied ? Outcome.APPLIED : Outcome.DUPLICATE,
                keys(transferId, transfer.fromAccountId(), transfer.toAccountId()));
    }

    private static List<String> keys(String transferId, String from, String to) {
        return List.of(VersionSignals.transfer(transferId), VersionSignals.account(from), VersionSignals.account(to));
    }

    private static TransferEntry entry(TransferView transfer, TransferEntry.Direction direction) {
        String counterparty = direction == TransferEntry.Direction.OUTGOING
                ? transfer.toAccountId() : transfer.fromAccountId();
        return new TransferEntry(transfer.transferId(), direction, counterparty, transfer.amount(),
                transfer.description(), TransferStatus.NEW, 1, transfer.createdAt());
    }

    private static AccountChange change(EventEnvelope<?> envelope, String transferId, ChangeKind kind,
                                        BigDecimal amount, BigDecimal balanceAfter) {
        return new AccountChange(envelope.aggregateId().toString(), envelope.version(), transferId, kind, amount,
                balanceAfter, envelope.occurredAt());
    }

    private record AccountUpdate(BigDecimal balance, AccountStatus status, AccountChange change) {
        static final AccountUpdate VERSION_ONLY = new AccountUpdate(null, null, null);
    }

    private record TransferChange(TransferStatus status, String failureReason) {
    }
}
