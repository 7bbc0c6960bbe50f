package io.eventbank.view.projection.application;

import io.eventbank.events.FailureReason;
import io.eventbank.events.Money;
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
import io.eventbank.view.projection.domain.AccountChange;
import io.eventbank.view.projection.domain.AccountStatus;
import io.eventbank.view.projection.domain.ChangeKind;
import io.eventbank.view.projection.domain.TransferEntry;
import io.eventbank.view.projection.domain.TransferStatus;
import io.eventbank.view.projection.domain.TransferView;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The view's rules as pure functions, shared by the live projection and the rebuild: which events of an
 * aggregate apply onto the version its document holds (version v only onto v − 1, a version already
 * held is a duplicate, anything else a gap), and how a run of consecutive versions folds into one
 * change of a document. Instants are cut to milliseconds, what the views store.
 */
public final class EventFolding {

    private EventFolding() {
    }

    /**
     * The events of one aggregate sorted out, in their order, against the version its document held.
     *
     * @param applied    the events to apply, consecutive versions
     * @param duplicates events at a version held already (or applied earlier in the list)
     * @param refused    the gaps
     * @param version    the version after {@code applied}; null when there is no document
     * @param stopped    whether the walk stopped at the first gap, leaving the events after it undecided
     */
    public record Walk<E>(List<EventEnvelope<E>> applied, List<EventEnvelope<E>> duplicates,
                          List<VersionGapException> refused, Integer version, boolean stopped) {
    }

    /** The events grouped by aggregate id, each group in the order given. */
    public static <E> Map<String, List<EventEnvelope<E>>> byAggregate(List<EventEnvelope<E>> events) {
        Map<String, List<EventEnvelope<E>>> groups = new LinkedHashMap<>();
        for (EventEnvelope<E> envelope : events) {
            groups.computeIfAbsent(envelope.aggregateId().toString(), id -> new ArrayList<>(4)).add(envelope);
        }
        return groups;
    }

    /**
     * @param version   the account document's version: null when there is none, 0 for a placeholder (which
     *                  any version 1 applies onto; without a document only AccountOpened does)
     * @param stopAtGap leave the events after the first gap undecided (the subscription redelivers them one
     *                  by one after the gap was dead-lettered), rather than deciding each on its own
     */
    public static Walk<AccountEvent> walkAccount(String accountId, List<EventEnvelope<AccountEvent>> events,
                                                 Integer version, boolean stopAtGap) {
        return walk("Account", accountId, events, version, stopAtGap, e -> e.event() instanceof AccountOpened);
    }

    /** @param version the transfer document's version, null when there is none; see {@link #walkAccount} */
    public static Walk<MoneyTransferEvent> walkTransfer(String transferId,
                                                        List<EventEnvelope<MoneyTransferEvent>> events,
                                                        Integer version, boolean stopAtGap) {
        return walk("MoneyTransfer", transferId, events, version, stopAtGap,
                e -> e.event() instanceof MoneyTransferCreated);
    }

    private static <E> Walk<E> walk(String type, String id, List<EventEnvelope<E>> events, Integer version,
                                    boolean stopAtGap, Predicate<EventEnvelope<E>> creates) {
        List<EventEnvelope<E>> applied = new ArrayList<>(events.size());
        List<EventEnvelope<E>> duplicates = new ArrayList<>(0);
        List<VersionGapException> refused = new ArrayList<>(0);
        Integer current = version;
        for (EventEnvelope<E> envelope : events) {
            int v = envelope.version();
            if (current != null && v <= current) {
                duplicates.add(envelope);
            } else if (current == null ? v == 1 && creates.test(envelope) : v == current + 1) {
                applied.add(envelope);
                current = v;
            } else {
                refused.add(new VersionGapException(type, id, v, current));
                if (stopAtGap) {
                    return new Walk<>(applied, duplicates, refused, current, true);
                }
            }
        }
        return new Walk<>(applied, duplicates, refused, current, false);
    }

    /** Folds consecutive Account versions, starting right after {@code fromVersion}. */
    public static AccountDelta foldAccount(String accountId, int fromVersion, List<EventEnvelope<AccountEvent>> run) {
        AccountDelta.Opening opening = null;
        Money balance = null;
        AccountStatus status = null;
        List<AccountChange> changes = new ArrayList<>(run.size());
        for (EventEnvelope<AccountEvent> e : run) {
            switch (e.event()) {
                case AccountOpened opened -> {
                    if (e.version() == 1) {
                        opening = new AccountDelta.Opening(opened.ownerId(), opened.title(), millis(e.occurredAt()));
                    }
                    balance = opened.initialBalance();
                    status = AccountStatus.OPEN;
                }
                case AccountDebited debited -> {
                    balance = debited.newBalance();
                    changes.add(changeOf(e));
                }
                case AccountCredited credited -> {
                    balance = credited.newBalance();
                    changes.add(changeOf(e));
                }
                case AccountDebitFailedDueToInsufficientFunds ignored -> {
                }
                case AccountDebitFailedAccountClosed ignored -> {
                }
                case AccountCreditFailedAccountClosed ignored -> {
                }
                case AccountClosed ignored -> status = AccountStatus.CLOSED;
            }
        }
        EventEnvelope<AccountEvent> last = run.getLast();
        return new AccountDelta(accountId, fromVersion, last.version(), opening, balance, status, changes,
                millis(last.occurredAt()));
    }

    /** Folds consecutive MoneyTransfer versions, starting right after {@code fromVersion} (0: with its creation). */
    public static TransferDelta foldTransfer(String transferId, int fromVersion,
                                             List<EventEnvelope<MoneyTransferEvent>> run) {
        TransferStatus status = null;
        FailureReason reason = null;
        MoneyTransferCreated created = null;
        for (EventEnvelope<MoneyTransferEvent> e : run) {
            switch (e.event()) {
                case MoneyTransferCreated c -> {
                    status = TransferStatus.NEW;
                    created = e.version() == 1 ? c : created;
                }
                case DebitRecorded ignored -> status = TransferStatus.DEBITED;
                case CreditRecorded ignored -> status = TransferStatus.COMPLETED;
                case TransferFailedDueToInsufficientFunds failed -> {
                    status = TransferStatus.FAILED;
                    reason = failed.reason();
                }
                case TransferFailedSourceAccountClosed failed -> {
                    status = TransferStatus.FAILED;
                    reason = failed.reason();
                }
                case RefundRequested refund -> {
                    status = TransferStatus.REFUND_PENDING;
                    reason = refund.reason();
                }
                case TransferRefunded ignored -> status = TransferStatus.REFUNDED;
            }
        }
        int toVersion = run.getLast().version();
        Instant updatedAt = millis(run.getLast().occurredAt());
        TransferView whole = null;
        if (fromVersion == 0) {
            whole = new TransferView(transferId, created.fromAccountId().toString(), created.toAccountId().toString(),
                    created.amount(), created.description(), status, reason, toVersion,
                    millis(run.getFirst().occurredAt()), updatedAt, created.initiatedBy());
        }
        return new TransferDelta(transferId, fromVersion, toVersion, whole, status, reason, updatedAt);
    }

    /** The transfer after {@code delta}, given it as of the delta's {@code fromVersion}. */
    public static TransferView advance(TransferView before, TransferDelta delta) {
        if (delta.created() != null) {
            return delta.created();
        }
        return new TransferView(before.transferId(), before.fromAccountId(), before.toAccountId(), before.amount(),
                before.description(), delta.status(),
                delta.failureReason() != null ? delta.failureReason() : before.failureReason(), delta.toVersion(),
                before.createdAt(), delta.updatedAt(), before.initiatedBy());
    }

    /** Both accounts' entries of the transfer {@code creation} created, to add at {@code version} and {@code status}. */
    public static List<EntryChange> additions(EventEnvelope<MoneyTransferEvent> creation, int version,
                                              TransferStatus status) {
        MoneyTransferCreated created = (MoneyTransferCreated) creation.event();
        String transferId = creation.aggregateId().toString();
        String from = created.fromAccountId().toString();
        String to = created.toAccountId().toString();
        Instant createdAt = millis(creation.occurredAt());
        return List.of(
                new EntryChange(from, transferId, version, status, new TransferEntry(transferId,
                        TransferEntry.Direction.OUTGOING, to, created.amount(), created.description(), status, version,
                        createdAt)),
                new EntryChange(to, transferId, version, status, new TransferEntry(transferId,
                        TransferEntry.Direction.INCOMING, from, created.amount(), created.description(), status, version,
                        createdAt)));
    }

    /** Both accounts' entries of a transfer, to move forward to {@code version} and {@code status}. */
    public static List<EntryChange> advances(String transferId, String fromAccountId, String toAccountId, int version,
                                             TransferStatus status) {
        return List.of(new EntryChange(fromAccountId, transferId, version, status, null),
                new EntryChange(toAccountId, transferId, version, status, null));
    }

    public static Instant millis(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }

    /** The balance change an Account event made, or null when it made none. */
    public static AccountChange changeOf(EventEnvelope<AccountEvent> envelope) {
        return switch (envelope.event()) {
            case AccountDebited d -> change(envelope, d.transferId(), ChangeKind.DEBIT, d.amount(), d.newBalance());
            case AccountCredited c -> change(envelope, c.transferId(), c.refund() ? ChangeKind.REFUND : ChangeKind.CREDIT,
                    c.amount(), c.newBalance());
            default -> null;
        };
    }

    private static AccountChange change(EventEnvelope<?> envelope, UUID transferId, ChangeKind kind, Money amount,
                                        Money balanceAfter) {
        return new AccountChange(envelope.aggregateId().toString(), envelope.version(), transferId.toString(), kind,
                amount, balanceAfter, millis(envelope.occurredAt()));
    }
}
