package io.eventbank.view.infrastructure;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.elemMatch;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.ne;
import static com.mongodb.client.model.Filters.nin;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.eventbank.events.FailureReason;
import io.eventbank.events.Money;
import io.eventbank.view.application.AccountDelta;
import io.eventbank.view.application.EntryChange;
import io.eventbank.view.application.TransferDelta;
import io.eventbank.view.domain.AccountChange;
import io.eventbank.view.domain.AccountStatus;
import io.eventbank.view.domain.AccountView;
import io.eventbank.view.domain.ChangeKind;
import io.eventbank.view.domain.TransferEntry;
import io.eventbank.view.domain.TransferStatus;
import io.eventbank.view.domain.TransferView;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Decimal128;

/**
 * The three view collections of one generation, accessed with the operations that both MongoDB and
 * mongo-java-server support (see MongoWireOperationsTest): find (by {@code _id}, {@code $in}), unordered
 * bulk writes of inserts and conditional updateOne/upsert with $set / $setOnInsert /
 * $push+$each+$sort+$slice, positional $ through $elemMatch, unique indexes. A bulk write's counts
 * tell whether every guarded update applied; write errors (duplicate keys) come per operation.
 * Amounts are stored as Decimal128.
 *
 * <p>An account document with {@code version 0} is a placeholder holding transfer entries that
 * arrived before the account's AccountOpened; readers treat it as absent.
 */
public class ViewStore {

    public static final int RECENT_ENTRIES = 20;

    private static final Document ENTRY_ORDER = new Document("createdAt", 1).append("transferId", 1);
    private static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);

    private final MongoDatabase database;
    private final ViewCollections names;
    private final MongoCollection<Document> accounts;
    private final MongoCollection<Document> changes;
    private final MongoCollection<Document> transfers;

    public ViewStore(MongoDatabase database, ViewCollections names) {
        this.database = database;
        this.names = names;
        this.accounts = database.getCollection(names.accounts());
        this.changes = database.getCollection(names.accountChanges());
        this.transfers = database.getCollection(names.transfers());
    }

    public ViewCollections names() {
        return names;
    }

    /** Drops the three collections (a fresh generation starts empty). */
    public void drop() {
        List<String> existing = database.listCollectionNames().into(new ArrayList<>());
        for (MongoCollection<Document> collection : List.of(accounts, changes, transfers)) {
            if (existing.contains(collection.getNamespace().getCollectionName())) {
                collection.drop();
            }
        }
    }

    public void ensureIndexes() {
        accounts.createIndex(Indexes.ascending("ownerId", "openedAt"));
        changes.createIndex(Indexes.ascending("accountId", "version"), new IndexOptions().unique(true));
    }

    // ---- writes of the live projection: one bulk write per call, unordered (every operation guards itself)

    /**
     * Applies each delta when its account document holds the delta's {@code fromVersion}; a delta that
     * opens the account is an upsert onto no document or a placeholder.
     */
    public Written applyAccountDeltas(List<AccountDelta> deltas) {
        List<WriteModel<Document>> models = new ArrayList<>(deltas.size());
        for (AccountDelta d : deltas) {
            List<Bson> updates = new ArrayList<>(10);
            updates.add(Updates.set("version", d.toVersion()));
            updates.add(Updates.set("updatedAt", Date.from(d.updatedAt())));
            if (d.balance() != null) {
                updates.add(Updates.set("balance", decimal(d.balance())));
            }
            if (d.status() != null) {
                updates.add(Updates.set("status", d.status().name()));
            }
            if (d.opening() != null) {
                updates.add(Updates.set("ownerId", d.opening().ownerId()));
                updates.add(Updates.set("title", d.opening().title()));
                updates.add(Updates.set("openedAt", Date.from(d.opening().openedAt())));
                updates.add(Updates.setOnInsert("recentTransfers", List.of()));
            }
            if (!d.changes().isEmpty()) {
                updates.add(Updates.pushEach("recentChanges", d.changes().stream().map(ViewStore::changeEntry).toList(),
                        new PushOptions().sortDocument(new Document("version", 1)).slice(-RECENT_ENTRIES)));
            } else if (d.opening() != null) {
                updates.add(Updates.setOnInsert("recentChanges", List.of()));
            }
            models.add(new UpdateOneModel<>(and(eq("_id", d.accountId()), eq("version", d.fromVersion())),
                    Updates.combine(updates), new UpdateOptions().upsert(d.opening() != null)));
        }
        return write(accounts, models);
    }

    /** Applies each delta when its transfer document holds the delta's {@code fromVersion}; from 0 it inserts. */
    public Written applyTransferDeltas(List<TransferDelta> deltas) {
        List<WriteModel<Document>> models = new ArrayList<>(deltas.size());
        for (TransferDelta d : deltas) {
            if (d.created() != null) {
                models.add(new InsertOneModel<>(transferDocument(d.created())));
                continue;
            }
            List<Bson> updates = new ArrayList<>(List.of(
                    Updates.set("status", d.status().name()),
                    Updates.set("version", d.toVersion()),
                    Updates.set("updatedAt", Date.from(d.updatedAt()))));
            if (d.failureReason() != null) {
                updates.add(Updates.set("failureReason", d.failureReason().code()));
            }
            models.add(new UpdateOneModel<>(and(eq("_id", d.transferId()), eq("version", d.fromVersion())),
                    Updates.combine(updates)));
        }
        return write(transfers, models);
    }

    /**
     * Brings accounts' transfer entries forward. The entries to add go to their account together, unless
     * it holds one of them already (an account not opened yet gets a placeholder); the others move an
     * entry the account holds to their version and status when it is older. Entries are kept ordered by
     * creation time, then id, the last twenty of them, so that what is kept does not depend on the order
     * in which the two topics were consumed. An account that refused its additions (it holds one, or it
     * was created concurrently) gets them again one by one with an advance each: a second bulk write.
     */
    public void writeEntries(List<EntryChange> changes) {
        Map<String, Map<String, EntryChange>> additions = new LinkedHashMap<>();
        List<WriteModel<Document>> models = new ArrayList<>(changes.size());
        for (EntryChange change : changes) {
            if (change.entry() != null) {
                additions.computeIfAbsent(change.accountId(), a -> new LinkedHashMap<>())
                        .putIfAbsent(change.transferId(), change);
            }
        }
        List<String> accountIds = new ArrayList<>(additions.keySet());
        for (String accountId : accountIds) {
            Collection<EntryChange> added = additions.get(accountId).values();
            models.add(addition(and(eq("_id", accountId),
                    nin("recentTransfers.transferId", additions.get(accountId).keySet())), added));
        }
        for (EntryChange change : changes) {
            if (change.entry() == null) {
                models.add(advance(change));
            }
        }
        Written written = write(accounts, models);
        List<WriteModel<Document>> again = new ArrayList<>();
        for (int i = 0; i < accountIds.size(); i++) {
            if (written.refused().contains(i)) {
                for (EntryChange change : additions.get(accountIds.get(i)).values()) {
                    again.add(addition(and(eq("_id", change.accountId()),
                            ne("recentTransfers.transferId", change.transferId())), List.of(change)));
                    again.add(advance(change));
                }
            }
        }
        if (!again.isEmpty()) {
            write(accounts, again); // a refused addition now means the account holds the entry
        }
    }

    /** Inserts the change documents; those there already are left as they are. */
    public void recordChanges(List<AccountChange> recorded) {
        List<WriteModel<Document>> models = new ArrayList<>(recorded.size());
        for (AccountChange change : recorded) {
            models.add(new InsertOneModel<>(changeDocument(change)));
        }
        write(changes, models);
    }

    /** Versions of the account documents there are (0 for placeholders). */
    public Map<String, Integer> accountVersions(Collection<String> accountIds) {
        Map<String, Integer> versions = new LinkedHashMap<>();
        for (Document d : accounts.find(in("_id", accountIds)).projection(new Document("version", 1))) {
            versions.put(d.getString("_id"), d.getInteger("version", 0));
        }
        return versions;
    }

    /** The transfers there are among {@code transferIds}. */
    public Map<String, TransferView> transfers(Collection<String> transferIds) {
        Map<String, TransferView> views = new LinkedHashMap<>();
        for (Document d : transfers.find(in("_id", transferIds))) {
            views.put(d.getString("_id"), toTransfer(d));
        }
        return views;
    }

    /**
     * What an unordered bulk write of guarded operations did.
     *
     * @param refused     operations refused with a duplicate key (an insert or upsert of a document there)
     * @param unconfirmed operations not known to have applied: the refused ones, and every plain update
     *                    when fewer matched than were sent (the bulk result counts, it does not tell which)
     */
    public record Written(Set<Integer> refused, Set<Integer> unconfirmed) {

        public boolean applied(int operation) {
            return !unconfirmed.contains(operation);
        }
    }

    private static UpdateOneModel<Document> addition(Bson filter, Collection<EntryChange> added) {
        return new UpdateOneModel<>(filter, Updates.combine(
                Updates.setOnInsert("version", 0),
                Updates.setOnInsert("recentChanges", List.of()),
                Updates.pushEach("recentTransfers", added.stream().map(c -> transferEntry(c.entry())).toList(),
                        new PushOptions().sortDocument(ENTRY_ORDER).slice(-RECENT_ENTRIES))),
                new UpdateOptions().upsert(true));
    }

    private static UpdateOneModel<Document> advance(EntryChange change) {
        return new UpdateOneModel<>(and(eq("_id", change.accountId()), elemMatch("recentTransfers",
                        and(eq("transferId", change.transferId()), lt("version", change.version())))),
                Updates.combine(
                        Updates.set("recentTransfers.$.status", change.status().name()),
                        Updates.set("recentTransfers.$.version", change.version())));
    }

    private static Written write(MongoCollection<Document> collection, List<WriteModel<Document>> models) {
        if (models.isEmpty()) {
            return new Written(Set.of(), Set.of());
        }
        BulkWriteResult result;
        Set<Integer> refused = new HashSet<>();
        try {
            result = collection.bulkWrite(models, UNORDERED);
        } catch (MongoBulkWriteException e) {
            if (e.getWriteConcernError() != null) {
                throw e;
            }
            for (BulkWriteError error : e.getWriteErrors()) {
                if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                refused.add(error.getIndex());
            }
            result = e.getWriteResult();
        }
        Set<Integer> upserted = new HashSet<>();
        result.getUpserts().forEach(u -> upserted.add(u.getIndex()));
        Set<Integer> updates = new HashSet<>();
        for (int i = 0; i < models.size(); i++) {
            if (!(models.get(i) instanceof InsertOneModel) && !refused.contains(i) && !upserted.contains(i)) {
                updates.add(i);
            }
        }
        if (result.getMatchedCount() >= updates.size()) {
            return new Written(refused, refused);
        }
        Set<Integer> unconfirmed = new HashSet<>(refused);
        unconfirmed.addAll(updates);
        return new Written(refused, unconfirmed);
    }

    /** Writes a rebuild's documents: no other writer, so nothing may fail. */
    void writeFresh(List<WriteModel<Document>> accountWrites, List<WriteModel<Document>> transferWrites,
                    List<WriteModel<Document>> changeWrites) {
        for (var write : List.of(Map.entry(accounts, accountWrites), Map.entry(transfers, transferWrites),
                Map.entry(changes, changeWrites))) {
            if (!write.getValue().isEmpty()) {
                write.getKey().bulkWrite(write.getValue(), UNORDERED);
            }
        }
    }

    // ---- reads

    /** The opened account (placeholders excluded). */
    public Optional<AccountView> account(String accountId) {
        return Optional.ofNullable(accounts.find(and(eq("_id", accountId), gt("version", 0))).first())
                .map(ViewStore::toAccount);
    }

    public List<AccountView> accountsOfOwner(String ownerId) {
        return accounts.find(and(eq("ownerId", ownerId), gt("version", 0))).sort(Sorts.ascending("openedAt", "_id"))
                .map(ViewStore::toAccount).into(new ArrayList<>());
    }

    public List<AccountView> allAccounts() {
        return accounts.find(gt("version", 0)).sort(Sorts.ascending("_id")).map(ViewStore::toAccount)
                .into(new ArrayList<>());
    }

    /** Changes of the account in version order. */
    public List<AccountChange> changes(String accountId, int page, int size) {
        return changes.find(eq("accountId", accountId)).sort(Sorts.ascending("version"))
                .skip(Math.multiplyExact(page, size)).limit(size)
                .map(ViewStore::toChange).into(new ArrayList<>());
    }

    public long countChanges(String accountId) {
        return changes.countDocuments(eq("accountId", accountId));
    }

    public Optional<TransferView> transfer(String transferId) {
        return Optional.ofNullable(transfers.find(eq("_id", transferId)).first()).map(ViewStore::toTransfer);
    }

    public List<TransferView> allTransfers() {
        return transfers.find().sort(Sorts.ascending("_id")).map(ViewStore::toTransfer).into(new ArrayList<>());
    }

    // ---- mapping

    static Document changeDocument(AccountChange change) {
        return new Document("accountId", change.accountId()).append("version", change.version())
                .append("transferId", change.transferId()).append("kind", change.kind().name())
                .append("amount", decimal(change.amount())).append("balanceAfter", decimal(change.balanceAfter()))
                .append("occurredAt", Date.from(change.occurredAt()));
    }

    static Document transferDocument(TransferView transfer) {
        return new Document("_id", transfer.transferId())
                .append("fromAccountId", transfer.fromAccountId())
                .append("toAccountId", transfer.toAccountId())
                .append("amount", decimal(transfer.amount()))
                .append("description", transfer.description())
                .append("status", transfer.status().name())
                .append("failureReason", transfer.failureReason() == null ? null : transfer.failureReason().code())
                .append("version", transfer.version())
                .append("createdAt", Date.from(transfer.createdAt()))
                .append("updatedAt", Date.from(transfer.updatedAt()));
    }

    static Document changeEntry(AccountChange c) {
        return new Document("version", c.version()).append("transferId", c.transferId())
                .append("kind", c.kind().name()).append("amount", decimal(c.amount()))
                .append("balanceAfter", decimal(c.balanceAfter())).append("occurredAt", Date.from(c.occurredAt()));
    }

    static Document transferEntry(TransferEntry e) {
        return new Document("transferId", e.transferId()).append("direction", e.direction().name())
                .append("counterpartyAccountId", e.counterpartyAccountId()).append("amount", decimal(e.amount()))
                .append("description", e.description()).append("status", e.status().name())
                .append("version", e.version()).append("createdAt", Date.from(e.createdAt()));
    }

    private static AccountView toAccount(Document d) {
        String accountId = d.getString("_id");
        return new AccountView(accountId, d.getString("ownerId"), d.getString("title"), amount(d, "balance"),
                AccountStatus.valueOf(d.getString("status")), d.getInteger("version"),
                d.getList("recentTransfers", Document.class, List.of()).stream().map(ViewStore::toEntry).toList(),
                d.getList("recentChanges", Document.class, List.of()).stream()
                        .map(c -> toChange(c.append("accountId", accountId))).toList());
    }

    private static TransferEntry toEntry(Document d) {
        return new TransferEntry(d.getString("transferId"), TransferEntry.Direction.valueOf(d.getString("direction")),
                d.getString("counterpartyAccountId"), amount(d, "amount"), d.getString("description"),
                TransferStatus.valueOf(d.getString("status")), d.getInteger("version"),
                d.getDate("createdAt").toInstant());
    }

    private static AccountChange toChange(Document d) {
        return new AccountChange(d.getString("accountId"), d.getInteger("version"), d.getString("transferId"),
                ChangeKind.valueOf(d.getString("kind")), amount(d, "amount"), amount(d, "balanceAfter"),
                d.getDate("occurredAt").toInstant());
    }

    private static TransferView toTransfer(Document d) {
        return new TransferView(d.getString("_id"), d.getString("fromAccountId"), d.getString("toAccountId"),
                amount(d, "amount"), d.getString("description"), TransferStatus.valueOf(d.getString("status")),
                FailureReason.fromCode(d.getString("failureReason")), d.getInteger("version"), d.getDate("createdAt").toInstant(),
                d.getDate("updatedAt").toInstant());
    }

    static Decimal128 decimal(Money value) {
        return new Decimal128(value.value());
    }

    private static Money amount(Document d, String field) {
        return Money.of(d.get(field, Decimal128.class).bigDecimalValue());
    }

}
