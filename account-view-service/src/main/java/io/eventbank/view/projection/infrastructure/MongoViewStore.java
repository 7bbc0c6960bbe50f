package io.eventbank.view.projection.infrastructure;

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
import io.eventbank.view.projection.infrastructure.ViewDocuments.AccountDocument;
import io.eventbank.view.projection.infrastructure.ViewDocuments.ChangeEntry;
import io.eventbank.view.projection.infrastructure.ViewDocuments.TransferDocument;
import io.eventbank.view.projection.application.AccountDelta;
import io.eventbank.view.projection.application.EntryChange;
import io.eventbank.view.projection.application.RebuiltAccount;
import io.eventbank.view.projection.application.TransferDelta;
import io.eventbank.view.projection.application.ViewStore;
import io.eventbank.view.projection.domain.AccountChange;
import io.eventbank.view.projection.domain.AccountView;
import io.eventbank.view.projection.domain.TransferView;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.Codec;
import org.bson.conversions.Bson;

/**
 * The three view collections of one generation, accessed with the operations that both MongoDB and
 * mongo-java-server support (see MongoWireOperationsTest): find (by {@code _id}, {@code $in}), unordered
 * bulk writes of inserts and conditional updateOne/upsert with $set / $setOnInsert /
 * $push+$each+$sort+$slice, positional $ through $elemMatch, unique indexes. Each call is one bulk
 * write per collection; its counts tell whether every guarded update applied, write errors
 * (duplicate keys) come per operation. Documents are mapped by {@link ViewDocuments}.
 */
public class MongoViewStore implements ViewStore {

    private static final Document ENTRY_ORDER = new Document("createdAt", 1).append("transferId", 1);
    private static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);

    private final MongoDatabase database;
    private final ViewCollections names;
    private final MongoCollection<AccountDocument> accounts;
    private final MongoCollection<AccountChange> changes;
    private final MongoCollection<TransferDocument> transfers;

    public MongoViewStore(MongoDatabase database, ViewCollections names) {
        this.database = database;
        this.names = names;
        MongoDatabase mapped = database.withCodecRegistry(ViewDocuments.CODECS);
        this.accounts = mapped.getCollection(names.accounts(), AccountDocument.class);
        this.changes = mapped.getCollection(names.accountChanges(), AccountChange.class);
        this.transfers = mapped.getCollection(names.transfers(), TransferDocument.class);
    }

    public ViewCollections names() {
        return names;
    }

    @Override
    public long generation() {
        return names.generation();
    }

    @Override
    public boolean isEmpty() {
        return accounts.find().limit(1).first() == null && transfers.find().limit(1).first() == null;
    }

    @Override
    public void drop() {
        List<String> existing = database.listCollectionNames().into(new ArrayList<>());
        for (MongoCollection<?> collection : List.of(accounts, changes, transfers)) {
            if (existing.contains(collection.getNamespace().getCollectionName())) {
                collection.drop();
            }
        }
    }

    @Override
    public void ensureIndexes() {
        accounts.createIndex(Indexes.ascending("ownerId", "openedAt"));
        accounts.createIndex(Indexes.ascending("_id", "version"), new IndexOptions().unique(true));
        transfers.createIndex(Indexes.ascending("_id", "version"), new IndexOptions().unique(true));
        changes.createIndex(Indexes.ascending("accountId", "version"), new IndexOptions().unique(true));
    }

    /**
     * The version guard of an update: plain equality on exactly the fields of the {@code _id + version}
     * index. mongo-java-server answers a filter from an index only when its fields are the index's
     * ({@code $and} or any other shape scans the whole collection); MongoDB uses {@code _id} either way.
     */
    private static Bson atVersion(String id, int version) {
        return new Document("_id", id).append("version", version);
    }

    // ---- writes of the live projection: one bulk write per call, unordered (every operation guards itself)

    /** A delta that opens the account is an upsert onto no document or a placeholder (version 0). */
    @Override
    public Written applyAccountDeltas(List<AccountDelta> deltas) {
        List<WriteModel<AccountDocument>> models = new ArrayList<>(deltas.size());
        for (AccountDelta d : deltas) {
            List<Bson> updates = new ArrayList<>(10);
            updates.add(Updates.set("version", d.toVersion()));
            updates.add(Updates.set("updatedAt", d.updatedAt()));
            if (d.balance() != null) {
                updates.add(Updates.set("balance", d.balance()));
            }
            if (d.status() != null) {
                updates.add(Updates.set("status", d.status()));
            }
            if (d.opening() != null) {
                updates.add(Updates.set("ownerId", d.opening().ownerId()));
                updates.add(Updates.set("title", d.opening().title()));
                updates.add(Updates.set("openedAt", d.opening().openedAt()));
                updates.add(Updates.setOnInsert("recentTransfers", List.of()));
            }
            if (!d.changes().isEmpty()) {
                updates.add(Updates.pushEach("recentChanges", d.changes().stream().map(ChangeEntry::of).toList(),
                        new PushOptions().sortDocument(new Document("version", 1)).slice(-RECENT_ENTRIES)));
            } else if (d.opening() != null) {
                updates.add(Updates.setOnInsert("recentChanges", List.of()));
            }
            models.add(new UpdateOneModel<>(atVersion(d.accountId(), d.fromVersion()),
                    Updates.combine(updates), new UpdateOptions().upsert(d.opening() != null)));
        }
        return write(accounts, models);
    }

    @Override
    public Written applyTransferDeltas(List<TransferDelta> deltas) {
        List<WriteModel<TransferDocument>> models = new ArrayList<>(deltas.size());
        for (TransferDelta d : deltas) {
            if (d.created() != null) {
                models.add(new InsertOneModel<>(TransferDocument.of(d.created())));
                continue;
            }
            List<Bson> updates = new ArrayList<>(List.of(
                    Updates.set("status", d.status()),
                    Updates.set("version", d.toVersion()),
                    Updates.set("updatedAt", d.updatedAt())));
            if (d.failureReason() != null) {
                updates.add(Updates.set("failureReason", d.failureReason().code()));
            }
            models.add(new UpdateOneModel<>(atVersion(d.transferId(), d.fromVersion()),
                    Updates.combine(updates)));
        }
        return write(transfers, models);
    }

    /**
     * The entries to add go to their account together, guarded by {@code $nin}. An account that refused
     * them (it holds one, or it was created concurrently) gets them again one by one with an advance
     * each: a second bulk write.
     */
    @Override
    public void writeEntries(List<EntryChange> changes) {
        Map<String, Map<String, EntryChange>> additions = new LinkedHashMap<>();
        List<WriteModel<AccountDocument>> models = new ArrayList<>(changes.size());
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
        List<WriteModel<AccountDocument>> again = new ArrayList<>();
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

    /** Inserts; the unique index on {@code accountId + version} refuses those there already. */
    @Override
    public void recordChanges(List<AccountChange> recorded) {
        List<WriteModel<AccountChange>> models = new ArrayList<>(recorded.size());
        for (AccountChange change : recorded) {
            models.add(new InsertOneModel<>(change));
        }
        write(changes, models);
    }

    @Override
    public Map<String, Integer> accountVersions(Collection<String> accountIds) {
        Map<String, Integer> versions = new LinkedHashMap<>();
        for (Document d : accounts.withDocumentClass(Document.class).find(in("_id", accountIds))
                .projection(new Document("version", 1))) {
            versions.put(d.getString("_id"), d.getInteger("version", 0));
        }
        return versions;
    }

    @Override
    public Map<String, TransferView> transfers(Collection<String> transferIds) {
        Map<String, TransferView> views = new LinkedHashMap<>();
        for (TransferDocument d : transfers.find(in("_id", transferIds))) {
            views.put(d.id(), d.view());
        }
        return views;
    }

    private static UpdateOneModel<AccountDocument> addition(Bson filter, Collection<EntryChange> added) {
        return new UpdateOneModel<>(filter, Updates.combine(
                Updates.setOnInsert("version", 0),
                Updates.setOnInsert("recentChanges", List.of()),
                Updates.pushEach("recentTransfers", added.stream().map(EntryChange::entry).toList(),
                        new PushOptions().sortDocument(ENTRY_ORDER).slice(-RECENT_ENTRIES))),
                new UpdateOptions().upsert(true));
    }

    private static UpdateOneModel<AccountDocument> advance(EntryChange change) {
        return new UpdateOneModel<>(and(eq("_id", change.accountId()), elemMatch("recentTransfers",
                        and(eq("transferId", change.transferId()), lt("version", change.version())))),
                Updates.combine(
                        Updates.set("recentTransfers.$.status", change.status()),
                        Updates.set("recentTransfers.$.version", change.version())));
    }

    private static <T> Written write(MongoCollection<T> collection, List<WriteModel<T>> models) {
        if (models.isEmpty()) {
            return Written.ALL_APPLIED;
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

    /** A later write of a document is a {@code $set} of the whole document. */
    @Override
    public void writeRebuilt(List<Rebuilt<RebuiltAccount>> rebuiltAccounts, List<Rebuilt<TransferView>> rebuiltTransfers,
                             List<AccountChange> newChanges) {
        List<WriteModel<AccountDocument>> accountWrites = new ArrayList<>(rebuiltAccounts.size());
        for (Rebuilt<RebuiltAccount> account : rebuiltAccounts) {
            accountWrites.add(rebuilt(accounts, account.document().accountId(),
                    AccountDocument.of(account.document()), account.again()));
        }
        List<WriteModel<TransferDocument>> transferWrites = new ArrayList<>(rebuiltTransfers.size());
        for (Rebuilt<TransferView> transfer : rebuiltTransfers) {
            transferWrites.add(rebuilt(transfers, transfer.document().transferId(),
                    TransferDocument.of(transfer.document()), transfer.again()));
        }
        List<WriteModel<AccountChange>> changeWrites = new ArrayList<>(newChanges.size());
        for (AccountChange change : newChanges) {
            changeWrites.add(new InsertOneModel<>(change));
        }
        bulkWrite(accounts, accountWrites);
        bulkWrite(transfers, transferWrites);
        bulkWrite(changes, changeWrites);
    }

    private static <T> void bulkWrite(MongoCollection<T> collection, List<WriteModel<T>> models) {
        if (!models.isEmpty()) {
            collection.bulkWrite(models, UNORDERED);
        }
    }

    private static <T> WriteModel<T> rebuilt(MongoCollection<T> collection, String id, T document, boolean again) {
        if (!again) {
            return new InsertOneModel<>(document);
        }
        Codec<T> codec = collection.getCodecRegistry().get(collection.getDocumentClass());
        BsonDocument fields = new BsonDocument();
        new RawBsonDocument(document, codec).forEach((name, value) -> {
            if (!name.equals("_id")) {
                fields.append(name, value);
            }
        });
        return new UpdateOneModel<>(eq("_id", id), new BsonDocument("$set", fields));
    }

    // ---- reads

    @Override
    public Optional<AccountView> account(String accountId) {
        return Optional.ofNullable(accounts.find(eq("_id", accountId)).first())
                .filter(d -> d.version() > 0).map(AccountDocument::view);
    }

    @Override
    public List<AccountView> accountsOfOwner(String ownerId) {
        return accounts.find(and(eq("ownerId", ownerId), gt("version", 0))).sort(Sorts.ascending("openedAt", "_id"))
                .map(AccountDocument::view).into(new ArrayList<>());
    }

    /** Every opened account, by id (for tests). */
    public List<AccountView> allAccounts() {
        return accounts.find(gt("version", 0)).sort(Sorts.ascending("_id")).map(AccountDocument::view)
                .into(new ArrayList<>());
    }

    @Override
    public List<AccountChange> changes(String accountId, int page, int size) {
        return changes.find(eq("accountId", accountId)).sort(Sorts.ascending("version"))
                .skip(Math.multiplyExact(page, size)).limit(size).into(new ArrayList<>());
    }

    @Override
    public long countChanges(String accountId) {
        return changes.countDocuments(eq("accountId", accountId));
    }

    @Override
    public Optional<TransferView> transfer(String transferId) {
        return Optional.ofNullable(transfers.find(eq("_id", transferId)).first()).map(TransferDocument::view);
    }

    /** Every transfer, by id (for tests). */
    public List<TransferView> allTransfers() {
        return transfers.find().sort(Sorts.ascending("_id")).map(TransferDocument::view).into(new ArrayList<>());
    }
}
