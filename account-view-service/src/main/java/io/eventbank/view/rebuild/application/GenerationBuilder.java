package io.eventbank.view.rebuild.application;

import io.eventbank.events.Money;
import io.eventbank.events.account.AccountEvent;
import io.eventbank.events.transfer.MoneyTransferCreated;
import io.eventbank.events.transfer.MoneyTransferEvent;
import io.eventbank.eventstore.EventEnvelope;
import io.eventbank.view.projection.application.AccountDelta;
import io.eventbank.view.projection.application.EntryChange;
import io.eventbank.view.projection.application.EventFolding;
import io.eventbank.view.projection.application.EventFolding.Walk;
import io.eventbank.view.projection.application.RebuiltAccount;
import io.eventbank.view.projection.application.TransferDelta;
import io.eventbank.view.projection.application.VersionGapException;
import io.eventbank.view.projection.application.ViewStore;
import io.eventbank.view.projection.application.ViewStore.Rebuilt;
import io.eventbank.view.projection.domain.AccountChange;
import io.eventbank.view.projection.domain.AccountStatus;
import io.eventbank.view.projection.domain.TransferEntry;
import io.eventbank.view.projection.domain.TransferStatus;
import io.eventbank.view.projection.domain.TransferView;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A fresh generation of the views folded in memory, for a rebuild. Nobody else writes to it or reads it
 * yet, so duplicates and gaps are told apart against the documents held here (every account and
 * transfer touched so far; about half a kilobyte per transfer of the history), with the live rules and
 * folds of {@link EventFolding}: the events of one document in one chunk become one change of its Java
 * copy, which mirrors the guarded writes of {@link ViewStore}. What a chunk settled is written in
 * large writes ({@link ViewStore#writeRebuilt}), one chunk in flight while the next is folded: the new
 * account changes, and the transfers that reached an end (a later change of one writes the whole
 * document again). Accounts change until the end, so they, and the transfers still under way, are
 * written once, at the end.
 */
public final class GenerationBuilder implements AutoCloseable {

    private static final Set<TransferStatus> ENDS =
            EnumSet.of(TransferStatus.COMPLETED, TransferStatus.FAILED, TransferStatus.REFUNDED);
    private static final Comparator<TransferEntry> ENTRY_ORDER =
            Comparator.comparing(TransferEntry::createdAt).thenComparing(TransferEntry::transferId);

    private final ViewStore target;
    private final Map<String, AccountDoc> accounts = new HashMap<>();
    private final Map<String, TransferDoc> transfers = new HashMap<>();
    private final List<AccountDoc> dirtyAccounts = new ArrayList<>();
    private final List<TransferDoc> dirtyTransfers = new ArrayList<>();
    private final List<AccountChange> newChanges = new ArrayList<>();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("view-rebuild-writer").daemon(true).factory());
    private Future<?> inFlight;
    private int folded;

    public GenerationBuilder(ViewStore target) {
        this.target = target;
    }

    /**
     * Folds events of both aggregate types, in offset order per partition (one poll or several).
     *
     * @return the events refused as gaps
     */
    public List<VersionGapException> add(List<EventEnvelope<?>> events) {
        List<EventEnvelope<AccountEvent>> accountEvents = new ArrayList<>(events.size());
        List<EventEnvelope<MoneyTransferEvent>> transferEvents = new ArrayList<>(events.size());
        split(events, accountEvents, transferEvents);
        List<VersionGapException> refused = new ArrayList<>(0);
        EventFolding.byAggregate(accountEvents).forEach((id, list) -> {
            AccountDoc doc = accounts.get(id);
            Walk<AccountEvent> walk = EventFolding.walkAccount(id, list, doc == null ? null : doc.version, false);
            refused.addAll(walk.refused());
            if (!walk.applied().isEmpty()) {
                apply(EventFolding.foldAccount(id, doc == null ? 0 : doc.version, walk.applied()));
            }
        });
        EventFolding.byAggregate(transferEvents).forEach((id, list) -> {
            TransferDoc doc = transfers.get(id);
            Walk<MoneyTransferEvent> walk = EventFolding.walkTransfer(id, list,
                    doc == null ? null : doc.view.version(), false);
            refused.addAll(walk.refused());
            if (!walk.applied().isEmpty()) {
                apply(doc, EventFolding.foldTransfer(id, doc == null ? 0 : doc.view.version(), walk.applied()),
                        walk.applied());
            }
        });
        folded += events.size();
        return refused;
    }

    /** Splits {@code events} by aggregate type, keeping their order. */
    @SuppressWarnings("unchecked")
    public static void split(List<EventEnvelope<?>> events, List<EventEnvelope<AccountEvent>> accountEvents,
                      List<EventEnvelope<MoneyTransferEvent>> transferEvents) {
        for (EventEnvelope<?> envelope : events) {
            switch (envelope.event()) {
                case AccountEvent ignored -> accountEvents.add((EventEnvelope<AccountEvent>) envelope);
                case MoneyTransferEvent ignored -> transferEvents.add((EventEnvelope<MoneyTransferEvent>) envelope);
                default -> throw new IllegalArgumentException("Not a banking event: " + envelope.eventType());
            }
        }
    }

    /** Starts writing what changed when at least {@code events} were folded since the last write. */
    public void flushIfDue(int events) {
        if (folded >= events) {
            flush();
        }
    }

    /** Writes everything and waits until it is written. */
    public void finish() {
        flush(true);
        awaitInFlight();
    }

    private void flush() {
        flush(false);
    }

    private void flush(boolean all) {
        List<Rebuilt<RebuiltAccount>> accountWrites = new ArrayList<>(all ? dirtyAccounts.size() : 0);
        if (all) {
            for (AccountDoc doc : dirtyAccounts) {
                accountWrites.add(new Rebuilt<>(doc.toRebuilt(), doc.written));
                doc.written = true;
                doc.dirty = false;
            }
            dirtyAccounts.clear();
        }
        List<Rebuilt<TransferView>> transferWrites = new ArrayList<>(dirtyTransfers.size());
        List<TransferDoc> underWay = new ArrayList<>();
        for (TransferDoc doc : dirtyTransfers) {
            if (all || ENDS.contains(doc.view.status())) {
                transferWrites.add(new Rebuilt<>(doc.view, doc.written));
                doc.written = true;
                doc.dirty = false;
            } else {
                underWay.add(doc);
            }
        }
        dirtyTransfers.clear();
        dirtyTransfers.addAll(underWay);
        List<AccountChange> changeWrites = List.copyOf(newChanges);
        newChanges.clear();
        folded = 0;
        awaitInFlight();
        inFlight = writer.submit(() -> target.writeRebuilt(accountWrites, transferWrites, changeWrites));
    }

    private void awaitInFlight() {
        if (inFlight == null) {
            return;
        }
        try {
            inFlight.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while writing the rebuilt views", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            inFlight = null;
        }
    }

    @Override
    public void close() {
        writer.shutdownNow();
    }

    // ---- the guarded writes of ViewStore, on Java copies

    private void apply(AccountDelta delta) {
        AccountDoc doc = accounts.computeIfAbsent(delta.accountId(), AccountDoc::new);
        doc.version = delta.toVersion();
        doc.updatedAt = delta.updatedAt();
        if (delta.balance() != null) {
            doc.balance = delta.balance();
        }
        if (delta.status() != null) {
            doc.status = delta.status();
        }
        if (delta.opening() != null) {
            doc.opened = true;
            doc.ownerId = delta.opening().ownerId();
            doc.title = delta.opening().title();
            doc.openedAt = delta.opening().openedAt();
        }
        doc.changes.addAll(delta.changes());
        newChanges.addAll(delta.changes());
        trim(doc.changes);
        dirty(doc);
    }

    private void apply(TransferDoc doc, TransferDelta delta, List<EventEnvelope<MoneyTransferEvent>> applied) {
        if (doc == null) {
            doc = new TransferDoc(delta.created());
            transfers.put(delta.transferId(), doc);
        } else {
            doc.view = EventFolding.advance(doc.view, delta);
        }
        if (!doc.dirty) {
            doc.dirty = true;
            dirtyTransfers.add(doc);
        }
        TransferView view = doc.view;
        EventEnvelope<MoneyTransferEvent> creation = applied.getFirst().event() instanceof MoneyTransferCreated
                && applied.getFirst().version() == 1 ? applied.getFirst() : null;
        List<EntryChange> entries = creation != null
                ? EventFolding.additions(creation, view.version(), view.status())
                : EventFolding.advances(view.transferId(), view.fromAccountId(), view.toAccountId(), view.version(),
                view.status());
        entries.forEach(this::apply);
    }

    private void apply(EntryChange change) {
        AccountDoc doc = accounts.get(change.accountId());
        if (doc == null && change.entry() == null) {
            return;
        }
        if (doc == null) {
            doc = new AccountDoc(change.accountId());
            accounts.put(change.accountId(), doc);
        }
        List<TransferEntry> entries = doc.transfers;
        int held = -1;
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).transferId().equals(change.transferId())) {
                held = i;
                break;
            }
        }
        if (held >= 0) {
            TransferEntry entry = entries.get(held);
            if (entry.version() < change.version()) {
                entries.set(held, new TransferEntry(entry.transferId(), entry.direction(),
                        entry.counterpartyAccountId(), entry.amount(), entry.description(), change.status(),
                        change.version(), entry.createdAt()));
                dirty(doc);
            }
        } else if (change.entry() != null) {
            int at = 0;
            while (at < entries.size() && ENTRY_ORDER.compare(entries.get(at), change.entry()) < 0) {
                at++;
            }
            entries.add(at, change.entry());
            trim(entries);
            dirty(doc);
        }
    }

    private void dirty(AccountDoc doc) {
        if (!doc.dirty) {
            doc.dirty = true;
            dirtyAccounts.add(doc);
        }
    }

    private static void trim(List<?> recent) {
        if (recent.size() > ViewStore.RECENT_ENTRIES) {
            recent.subList(0, recent.size() - ViewStore.RECENT_ENTRIES).clear();
        }
    }

    /** An account document: an opened account, or a placeholder (version 0) holding early transfer entries. */
    private static final class AccountDoc {

        final String id;
        final List<TransferEntry> transfers = new ArrayList<>(ViewStore.RECENT_ENTRIES + 1);
        final List<AccountChange> changes = new ArrayList<>(ViewStore.RECENT_ENTRIES + 1);
        boolean opened;
        String ownerId;
        String title;
        Money balance;
        AccountStatus status;
        int version;
        Instant openedAt;
        Instant updatedAt;
        boolean written;
        boolean dirty;

        AccountDoc(String id) {
            this.id = id;
        }

        RebuiltAccount toRebuilt() {
            AccountDelta.Opening opening = opened ? new AccountDelta.Opening(ownerId, title, openedAt) : null;
            return new RebuiltAccount(id, version, opening, balance, status, updatedAt, transfers, changes);
        }
    }

    private static final class TransferDoc {

        TransferView view;
        boolean written;
        boolean dirty;

        TransferDoc(TransferView view) {
            this.view = view;
        }
    }
}
