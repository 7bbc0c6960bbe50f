package io.eventbank.view.infrastructure;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.WriteModel;
import io.eventbank.events.Money;
import io.eventbank.events.account.AccountEvent;
import io.eventbank.events.transfer.MoneyTransferCreated;
import io.eventbank.events.transfer.MoneyTransferEvent;
import io.eventbank.eventstore.EventEnvelope;
import io.eventbank.view.application.AccountDelta;
import io.eventbank.view.application.EntryChange;
import io.eventbank.view.application.EventFolding;
import io.eventbank.view.application.EventFolding.Walk;
import io.eventbank.view.application.TransferDelta;
import io.eventbank.view.application.VersionGapException;
import io.eventbank.view.domain.AccountChange;
import io.eventbank.view.domain.AccountStatus;
import io.eventbank.view.domain.TransferEntry;
import io.eventbank.view.domain.TransferStatus;
import io.eventbank.view.domain.TransferView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;

/**
 * A fresh generation of the views folded in memory, for a rebuild. Nobody else writes to it or reads it
 * yet, so duplicates and gaps are told apart against the documents held here (every account and
 * transfer touched so far; about half a kilobyte per transfer of the history), with the live rules and
 * folds of {@link EventFolding}: the events of one document in one chunk become one change of its Java
 * copy, which mirrors the guarded updates of {@link ViewStore}. What a chunk settled is written in
 * large unordered bulk writes, one chunk in flight while the next is folded: the new account changes,
 * and the transfers that reached an end (a later change of one is a {@code $set} of the whole
 * document). Accounts change until the end, so they, and the transfers still under way, are written
 * once, at the end.
 */
final class GenerationBuilder implements AutoCloseable {

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

    GenerationBuilder(ViewStore target) {
        this.target = target;
    }

    /**
     * Folds events of both aggregate types, in offset order per partition (one poll or several).
     *
     * @return the events refused as gaps
     */
    List<VersionGapException> add(List<EventEnvelope<?>> events) {
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
    static void split(List<EventEnvelope<?>> events, List<EventEnvelope<AccountEvent>> accountEvents,
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
    void flushIfDue(int events) {
        if (folded >= events) {
            flush();
        }
    }

    /** Writes everything and waits until it is written. */
    void finish() {
        flush(true);
        awaitInFlight();
    }

    private void flush() {
        flush(false);
    }

    private void flush(boolean all) {
        List<WriteModel<Document>> accountWrites = new ArrayList<>(all ? dirtyAccounts.size() : 0);
        if (all) {
            for (AccountDoc doc : dirtyAccounts) {
                accountWrites.add(write(doc.id, doc.toDocument(), doc.written));
                doc.written = true;
                doc.dirty = false;
            }
            dirtyAccounts.clear();
        }
        List<WriteModel<Document>> transferWrites = new ArrayList<>(dirtyTransfers.size());
        List<TransferDoc> underWay = new ArrayList<>();
        for (TransferDoc doc : dirtyTransfers) {
            if (all || ENDS.contains(doc.view.status())) {
                transferWrites.add(write(doc.view.transferId(), ViewStore.transferDocument(doc.view), doc.written));
                doc.written = true;
                doc.dirty = false;
            } else {
                underWay.add(doc);
            }
        }
        dirtyTransfers.clear();
        dirtyTransfers.addAll(underWay);
        List<WriteModel<Document>> changeWrites = new ArrayList<>(newChanges.size());
        for (AccountChange change : newChanges) {
            changeWrites.add(new InsertOneModel<>(ViewStore.changeDocument(change)));
        }
        newChanges.clear();
        folded = 0;
        awaitInFlight();
        inFlight = writer.submit(() -> target.writeFresh(accountWrites, transferWrites, changeWrites));
    }

    private static WriteModel<Document> write(String id, Document document, boolean written) {
        if (!written) {
            return new InsertOneModel<>(document);
        }
        document.remove("_id");
        return new UpdateOneModel<>(eq("_id", id), new Document("$set", document));
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

    // ---- the guarded updates of ViewStore, on Java copies

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

        /** The fields the guarded updates would have set, and only those. */
        Document toDocument() {
            Document d = new Document("_id", id).append("version", version);
            if (opened) {
                d.append("ownerId", ownerId).append("title", title).append("openedAt", Date.from(openedAt));
            }
            if (balance != null) {
                d.append("balance", ViewStore.decimal(balance));
            }
            if (status != null) {
                d.append("status", status.name());
            }
            if (updatedAt != null) {
                d.append("updatedAt", Date.from(updatedAt));
            }
            return d.append("recentTransfers", transfers.stream().map(ViewStore::transferEntry).toList())
                    .append("recentChanges", changes.stream().map(ViewStore::changeEntry).toList());
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
