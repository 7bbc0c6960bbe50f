package io.eventbank.view.projection.application;

import io.eventbank.events.Money;
import io.eventbank.view.projection.domain.AccountChange;
import io.eventbank.view.projection.domain.AccountStatus;
import io.eventbank.view.projection.domain.AccountView;
import io.eventbank.view.projection.domain.TransferEntry;
import io.eventbank.view.projection.domain.TransferView;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The view-store port in memory, with the guards the port promises. Like a bulk write's counts, a call
 * of guarded updates in which one did not match leaves every update of the call unconfirmed. Every call
 * is logged by operation name ({@link #calls()}) so that tests can tell what was written and read.
 */
public class InMemoryViewStore implements ViewStore {

    private static final Comparator<TransferEntry> ENTRY_ORDER =
            Comparator.comparing(TransferEntry::createdAt).thenComparing(TransferEntry::transferId);

    private final long generation;
    private final Map<String, AccountDoc> accounts = new LinkedHashMap<>();
    private final Map<String, TransferView> transfers = new LinkedHashMap<>();
    private final Map<String, TreeMap<Integer, AccountChange>> changes = new LinkedHashMap<>();
    private final List<String> calls = new ArrayList<>();

    public InMemoryViewStore() {
        this(0);
    }

    public InMemoryViewStore(long generation) {
        this.generation = generation;
    }

    /** The operations called so far, by name, in order. */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    public synchronized void clearCalls() {
        calls.clear();
    }

    /** Every opened account, by id. */
    public synchronized List<AccountView> allAccounts() {
        return accounts.values().stream().filter(a -> a.version > 0).sorted(Comparator.comparing(a -> a.id))
                .map(AccountDoc::view).toList();
    }

    /** Every transfer, by id. */
    public synchronized List<TransferView> allTransfers() {
        return transfers.values().stream().sorted(Comparator.comparing(TransferView::transferId)).toList();
    }

    /** Forgets a stored change, as if the process had stopped between writing the account and its change. */
    public synchronized void loseChange(String accountId, int version) {
        changes.getOrDefault(accountId, new TreeMap<>()).remove(version);
    }

    @Override
    public long generation() {
        return generation;
    }

    @Override
    public synchronized boolean isEmpty() {
        return accounts.isEmpty() && transfers.isEmpty();
    }

    @Override
    public synchronized void drop() {
        calls.add("drop");
        accounts.clear();
        transfers.clear();
        changes.clear();
    }

    @Override
    public synchronized void ensureIndexes() {
        calls.add("ensureIndexes");
    }

    @Override
    public synchronized Written applyAccountDeltas(List<AccountDelta> deltas) {
        calls.add("applyAccountDeltas");
        Set<Integer> refused = new HashSet<>();
        Set<Integer> updates = new HashSet<>();
        boolean unmatched = false;
        for (int i = 0; i < deltas.size(); i++) {
            AccountDelta d = deltas.get(i);
            AccountDoc doc = accounts.get(d.accountId());
            if (doc != null && doc.version == d.fromVersion()) {
                updates.add(i);
                apply(doc, d);
            } else if (d.opening() != null && doc == null && d.fromVersion() == 0) {
                AccountDoc created = new AccountDoc(d.accountId());
                accounts.put(created.id, created);
                apply(created, d);
            } else if (d.opening() != null) {
                refused.add(i); // the upsert's insert meets the document there
            } else {
                updates.add(i);
                unmatched = true;
            }
        }
        return written(refused, updates, unmatched);
    }

    @Override
    public synchronized Written applyTransferDeltas(List<TransferDelta> deltas) {
        calls.add("applyTransferDeltas");
        Set<Integer> refused = new HashSet<>();
        Set<Integer> updates = new HashSet<>();
        boolean unmatched = false;
        for (int i = 0; i < deltas.size(); i++) {
            TransferDelta d = deltas.get(i);
            TransferView held = transfers.get(d.transferId());
            if (d.created() != null) {
                if (held == null) {
                    transfers.put(d.transferId(), d.created());
                } else {
                    refused.add(i);
                }
                continue;
            }
            updates.add(i);
            if (held != null && held.version() == d.fromVersion()) {
                transfers.put(d.transferId(), EventFolding.advance(held, d));
            } else {
                unmatched = true;
            }
        }
        return written(refused, updates, unmatched);
    }

    @Override
    public synchronized void writeEntries(List<EntryChange> entryChanges) {
        calls.add("writeEntries");
        for (EntryChange change : entryChanges) {
            AccountDoc doc = accounts.get(change.accountId());
            if (change.entry() != null && (doc == null || doc.entry(change.transferId()) < 0)) {
                if (doc == null) {
                    doc = new AccountDoc(change.accountId());
                    accounts.put(doc.id, doc);
                }
                doc.transfers.add(change.entry());
                doc.transfers.sort(ENTRY_ORDER);
                trim(doc.transfers);
            } else if (doc != null) {
                int held = doc.entry(change.transferId());
                TransferEntry e = held < 0 ? null : doc.transfers.get(held);
                if (e != null && e.version() < change.version()) {
                    doc.transfers.set(held, new TransferEntry(e.transferId(), e.direction(),
                            e.counterpartyAccountId(), e.amount(), e.description(), change.status(), change.version(),
                            e.createdAt()));
                }
            }
        }
    }

    @Override
    public synchronized void recordChanges(List<AccountChange> recorded) {
        calls.add("recordChanges");
        for (AccountChange change : recorded) {
            changes.computeIfAbsent(change.accountId(), id -> new TreeMap<>()).putIfAbsent(change.version(), change);
        }
    }

    @Override
    public synchronized Map<String, Integer> accountVersions(Collection<String> accountIds) {
        calls.add("accountVersions");
        Map<String, Integer> versions = new LinkedHashMap<>();
        for (String id : accountIds) {
            if (accounts.containsKey(id)) {
                versions.put(id, accounts.get(id).version);
            }
        }
        return versions;
    }

    @Override
    public synchronized Map<String, TransferView> transfers(Collection<String> transferIds) {
        calls.add("transfers");
        Map<String, TransferView> views = new LinkedHashMap<>();
        for (String id : transferIds) {
            if (transfers.containsKey(id)) {
                views.put(id, transfers.get(id));
            }
        }
        return views;
    }

    @Override
    public synchronized void writeRebuilt(List<Rebuilt<RebuiltAccount>> rebuiltAccounts,
                                          List<Rebuilt<TransferView>> rebuiltTransfers,
                                          List<AccountChange> newChanges) {
        calls.add("writeRebuilt");
        for (Rebuilt<RebuiltAccount> rebuilt : rebuiltAccounts) {
            RebuiltAccount a = rebuilt.document();
            if (rebuilt.again() != accounts.containsKey(a.accountId())) {
                throw new IllegalStateException("account " + a.accountId() + (rebuilt.again() ? " missing" : " there"));
            }
            AccountDoc doc = new AccountDoc(a.accountId());
            doc.version = a.version();
            doc.opening = a.opening();
            doc.balance = a.balance();
            doc.status = a.status();
            doc.updatedAt = a.updatedAt();
            doc.transfers.addAll(a.recentTransfers());
            doc.changes.addAll(a.recentChanges());
            accounts.put(doc.id, doc);
        }
        for (Rebuilt<TransferView> rebuilt : rebuiltTransfers) {
            TransferView t = rebuilt.document();
            if (rebuilt.again() != transfers.containsKey(t.transferId())) {
                throw new IllegalStateException("transfer " + t.transferId() + (rebuilt.again() ? " missing" : " there"));
            }
            transfers.put(t.transferId(), t);
        }
        for (AccountChange change : newChanges) {
            if (changes.computeIfAbsent(change.accountId(), id -> new TreeMap<>())
                    .putIfAbsent(change.version(), change) != null) {
                throw new IllegalStateException("change " + change.accountId() + "@" + change.version() + " there");
            }
        }
    }

    @Override
    public synchronized Optional<AccountView> account(String accountId) {
        calls.add("account");
        return Optional.ofNullable(accounts.get(accountId)).filter(a -> a.version > 0).map(AccountDoc::view);
    }

    @Override
    public synchronized List<AccountView> accountsOfOwner(String ownerId) {
        calls.add("accountsOfOwner");
        return accounts.values().stream()
                .filter(a -> a.version > 0 && a.opening != null && a.opening.ownerId().equals(ownerId))
                .sorted(Comparator.comparing((AccountDoc a) -> a.opening.openedAt()).thenComparing(a -> a.id))
                .map(AccountDoc::view).toList();
    }

    @Override
    public synchronized List<AccountChange> changes(String accountId, int page, int size) {
        calls.add("changes");
        return changes.getOrDefault(accountId, new TreeMap<>()).values().stream()
                .skip((long) page * size).limit(size).toList();
    }

    @Override
    public synchronized long countChanges(String accountId) {
        calls.add("countChanges");
        return changes.getOrDefault(accountId, new TreeMap<>()).size();
    }

    @Override
    public synchronized Optional<TransferView> transfer(String transferId) {
        calls.add("transfer");
        return Optional.ofNullable(transfers.get(transferId));
    }

    private static Written written(Set<Integer> refused, Set<Integer> updates, boolean unmatched) {
        if (!unmatched) {
            return new Written(refused, refused);
        }
        Set<Integer> unconfirmed = new HashSet<>(refused);
        unconfirmed.addAll(updates);
        return new Written(refused, unconfirmed);
    }

    private static void apply(AccountDoc doc, AccountDelta d) {
        doc.version = d.toVersion();
        doc.updatedAt = d.updatedAt();
        if (d.balance() != null) {
            doc.balance = d.balance();
        }
        if (d.status() != null) {
            doc.status = d.status();
        }
        if (d.opening() != null) {
            doc.opening = d.opening();
        }
        doc.changes.addAll(d.changes());
        doc.changes.sort(Comparator.comparingInt(AccountChange::version));
        trim(doc.changes);
    }

    private static void trim(List<?> recent) {
        if (recent.size() > RECENT_ENTRIES) {
            recent.subList(0, recent.size() - RECENT_ENTRIES).clear();
        }
    }

    private static final class AccountDoc {

        final String id;
        final List<TransferEntry> transfers = new ArrayList<>();
        final List<AccountChange> changes = new ArrayList<>();
        int version;
        AccountDelta.Opening opening;
        Money balance;
        AccountStatus status;
        Instant updatedAt;

        AccountDoc(String id) {
            this.id = id;
        }

        int entry(String transferId) {
            for (int i = 0; i < transfers.size(); i++) {
                if (transfers.get(i).transferId().equals(transferId)) {
                    return i;
                }
            }
            return -1;
        }

        AccountView view() {
            return new AccountView(id, opening == null ? null : opening.ownerId(),
                    opening == null ? null : opening.title(), balance, status, version, transfers, changes);
        }
    }
}
