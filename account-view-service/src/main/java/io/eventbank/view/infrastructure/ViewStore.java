package io.eventbank.view.infrastructure;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.elemMatch;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.ne;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.eventbank.view.domain.AccountChange;
import io.eventbank.view.domain.AccountStatus;
import io.eventbank.view.domain.AccountView;
import io.eventbank.view.domain.ChangeKind;
import io.eventbank.view.domain.TransferEntry;
import io.eventbank.view.domain.TransferStatus;
import io.eventbank.view.domain.TransferView;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Decimal128;

/**
 * The three view collections of one generation, accessed with the operations that both MongoDB and
 * mongo-java-server support (see MongoWireOperationsTest): find, insert, conditional updateOne and
 * upsert with $set / $setOnInsert / $inc / $push+$each+$sort+$slice, positional $ through $elemMatch,
 * unique indexes. Amounts are stored as Decimal128.
 *
 * <p>An account document with {@code version 0} is a placeholder holding transfer entries that
 * arrived before the account's AccountOpened; readers treat it as absent.
 */
public class ViewStore {

    public static final int RECENT_ENTRIES = 20;

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

    // ---- accounts

    /** Inserts version 1 (or fills a placeholder); false when the account already has a version >= 1. */
    public boolean openAccount(String accountId, String ownerId, String title, BigDecimal balance, Instant at) {
        Bson update = Updates.combine(
                Updates.set("ownerId", ownerId),
                Updates.set("title", title),
                Updates.set("balance", decimal(balance)),
                Updates.set("status", AccountStatus.OPEN.name()),
                Updates.set("version", 1),
                Updates.set("openedAt", Date.from(at)),
                Updates.set("updatedAt", Date.from(at)),
                Updates.inc("revision", 1L),
                Updates.setOnInsert("recentTransfers", List.of()),
                Updates.setOnInsert("recentChanges", List.of()));
        for (int attempt = 0; ; attempt++) {
            try {
                accounts.updateOne(and(eq("_id", accountId), eq("version", 0)), update,
                        new UpdateOptions().upsert(true));
                return true;
            } catch (MongoWriteException e) {
                if (!isDuplicateKey(e)) {
                    throw e;
                }
                // the document exists: opened already, or a placeholder inserted concurrently (then retry)
                if (accountVersion(accountId).orElse(1) > 0 || attempt >= 2) {
                    return false;
                }
            }
        }
    }

    /**
     * Applies Account version {@code version} when the document holds {@code version - 1}.
     *
     * @param balance new balance, or null when unchanged
     * @param status  new status, or null when unchanged
     * @param change  balance change to remember among the recent ones, or null
     * @return false when the document did not hold {@code version - 1}
     */
    public boolean applyAccountVersion(String accountId, int version, BigDecimal balance, AccountStatus status,
                                       AccountChange change, Instant at) {
        List<Bson> updates = new ArrayList<>();
        updates.add(Updates.set("version", version));
        updates.add(Updates.set("updatedAt", Date.from(at)));
        updates.add(Updates.inc("revision", 1L));
        if (balance != null) {
            updates.add(Updates.set("balance", decimal(balance)));
        }
        if (status != null) {
            updates.add(Updates.set("status", status.name()));
        }
        if (change != null) {
            updates.add(Updates.pushEach("recentChanges", List.of(changeEntry(change)),
                    new PushOptions().sortDocument(new Document("version", 1)).slice(-RECENT_ENTRIES)));
        }
        return accounts.updateOne(and(eq("_id", accountId), eq("version", version - 1)), Updates.combine(updates))
                .getMatchedCount() == 1;
    }

    /** The applied Account version: empty when there is no document, 0 for a placeholder. */
    public Optional<Integer> accountVersion(String accountId) {
        return Optional.ofNullable(accounts.find(eq("_id", accountId))
                        .projection(new Document("version", 1)).first())
                .map(d -> d.getInteger("version", 0));
    }

    /**
     * Remembers a transfer in the account's recent transfers unless it is there (creates a placeholder if
     * needed). Entries are kept ordered by creation time, then id, so the twenty kept do not depend on
     * the order in which the two topics were consumed.
     */
    public void addTransferEntry(String accountId, TransferEntry entry) {
        Bson update = Updates.combine(
                Updates.setOnInsert("version", 0),
                Updates.setOnInsert("recentChanges", List.of()),
                Updates.inc("revision", 1L),
                Updates.pushEach("recentTransfers", List.of(transferEntry(entry)),
                        new PushOptions().sortDocument(new Document("createdAt", 1).append("transferId", 1))
                                .slice(-RECENT_ENTRIES)));
        // a duplicate key means the document exists: either with the entry (done) or created concurrently
        // by another upsert (the second attempt then updates it)
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                accounts.updateOne(and(eq("_id", accountId), ne("recentTransfers.transferId", entry.transferId())),
                        update, new UpdateOptions().upsert(true));
                return;
            } catch (MongoWriteException e) {
                if (!isDuplicateKey(e)) {
                    throw e;
                }
            }
        }
    }

    /** Moves the account's entry of the transfer to {@code version} if it is older; absent entries stay absent. */
    public boolean advanceTransferEntry(String accountId, String transferId, int version, TransferStatus status) {
        return accounts.updateOne(and(eq("_id", accountId),
                        elemMatch("recentTransfers", and(eq("transferId", transferId), lt("version", version)))),
                Updates.combine(
                        Updates.set("recentTransfers.$.status", status.name()),
                        Updates.set("recentTransfers.$.version", version),
                        Updates.inc("revision", 1L))).getModifiedCount() == 1;
    }

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

    // ---- account changes

    /** Inserts the change document; false when it is there already. */
    public boolean recordChange(AccountChange change) {
        try {
            changes.insertOne(new Document("accountId", change.accountId()).append("version", change.version())
                    .append("transferId", change.transferId()).append("kind", change.kind().name())
                    .append("amount", decimal(change.amount())).append("balanceAfter", decimal(change.balanceAfter()))
                    .append("occurredAt", Date.from(change.occurredAt())));
            return true;
        } catch (MongoWriteException e) {
            if (isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
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

    // ---- transfers

    /** Inserts version 1; false when the transfer is there already. */
    public boolean createTransfer(TransferView transfer) {
        try {
            transfers.insertOne(new Document("_id", transfer.transferId())
                    .append("fromAccountId", transfer.fromAccountId())
                    .append("toAccountId", transfer.toAccountId())
                    .append("amount", decimal(transfer.amount()))
                    .append("description", transfer.description())
                    .append("status", transfer.status().name())
                    .append("failureReason", transfer.failureReason())
                    .append("version", transfer.version())
                    .append("createdAt", Date.from(transfer.createdAt()))
                    .append("updatedAt", Date.from(transfer.updatedAt())));
            return true;
        } catch (MongoWriteException e) {
            if (isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }

    /** Applies MoneyTransfer version {@code version} when the document holds {@code version - 1}. */
    public boolean applyTransferVersion(String transferId, int version, TransferStatus status, String failureReason,
                                        Instant at) {
        List<Bson> updates = new ArrayList<>(List.of(
                Updates.set("status", status.name()),
                Updates.set("version", version),
                Updates.set("updatedAt", Date.from(at))));
        if (failureReason != null) {
            updates.add(Updates.set("failureReason", failureReason));
        }
        return transfers.updateOne(and(eq("_id", transferId), eq("version", version - 1)), Updates.combine(updates))
                .getMatchedCount() == 1;
    }

    /** Whether both accounts' entries of the transfer were written (guards against re-adding evicted entries). */
    public boolean transferEntriesRecorded(String transferId) {
        Document d = transfers.find(eq("_id", transferId)).projection(new Document("entriesRecorded", 1)).first();
        return d != null && d.getBoolean("entriesRecorded", false);
    }

    public void markTransferEntriesRecorded(String transferId) {
        transfers.updateOne(eq("_id", transferId), Updates.set("entriesRecorded", true));
    }

    public Optional<TransferView> transfer(String transferId) {
        return Optional.ofNullable(transfers.find(eq("_id", transferId)).first()).map(ViewStore::toTransfer);
    }

    public List<TransferView> allTransfers() {
        return transfers.find().sort(Sorts.ascending("_id")).map(ViewStore::toTransfer).into(new ArrayList<>());
    }

    // ---- mapping

    private static Document changeEntry(AccountChange c) {
        return new Document("version", c.version()).append("transferId", c.transferId())
                .append("kind", c.kind().name()).append("amount", decimal(c.amount()))
                .append("balanceAfter", decimal(c.balanceAfter())).append("occurredAt", Date.from(c.occurredAt()));
    }

    private static Document transferEntry(TransferEntry e) {
        return new Document("transferId", e.transferId()).append("direction", e.direction().name())
                .append("counterpartyAccountId", e.counterpartyAccountId()).append("amount", decimal(e.amount()))
                .append("description", e.description()).append("status", e.status().name())
                .append("version", e.version()).append("createdAt", Date.from(e.createdAt()));
    }

    private static AccountView toAccount(Document d) {
        String accountId = d.getString("_id");
        return new AccountView(accountId, d.getString("ownerId"), d.getString("title"), amount(d, "balance"),
                AccountStatus.valueOf(d.getString("status")), d.getInteger("version"),
                ((Number) d.get("revision", 0L)).longValue(),
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
                d.getString("failureReason"), d.getInteger("version"), d.getDate("createdAt").toInstant(),
                d.getDate("updatedAt").toInstant());
    }

    private static Decimal128 decimal(BigDecimal value) {
        return new Decimal128(value);
    }

    private static BigDecimal amount(Document d, String field) {
        return d.get(field, Decimal128.class).bigDecimalValue();
    }

    private static boolean isDuplicateKey(MongoWriteException e) {
        return ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY;
    }
}
