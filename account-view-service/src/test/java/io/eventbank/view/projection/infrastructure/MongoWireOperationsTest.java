package io.eventbank.view.projection.infrastructure;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.elemMatch;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.ne;
import static com.mongodb.client.model.Filters.nin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.bulk.BulkWriteUpsert;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
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
import com.mongodb.client.result.UpdateResult;
import io.eventbank.infra.LocalInfra;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.stream.IntStream;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every MongoDB operation the view code relies on, run against whatever the shared local-infra
 * provides (mongo-java-server in embedded mode, MongoDB in containers mode). If the stand-in stops
 * supporting one of them, this fails before the projection tests do.
 */
class MongoWireOperationsTest {

    private static MongoClient client;
    private static MongoDatabase db;

    @BeforeAll
    static void connect() {
        client = MongoClients.create(LocalInfra.shared().endpoints().mongoUri());
        db = client.getDatabase("wire_ops_" + System.nanoTime());
    }

    @AfterAll
    static void close() {
        db.drop();
        client.close();
    }

    @Test
    void storesDecimal128Exactly() {
        MongoCollection<Document> c = db.getCollection("decimals");
        c.insertOne(new Document("_id", "a").append("balance", new Decimal128(new BigDecimal("12345678.91"))));
        Object stored = c.find(eq("_id", "a")).first().get("balance");
        assertThat(stored).isInstanceOf(Decimal128.class);
        assertThat(((Decimal128) stored).bigDecimalValue()).isEqualByComparingTo("12345678.91");
        assertThat(((Decimal128) stored).bigDecimalValue().toPlainString()).isEqualTo("12345678.91");
    }

    @Test
    void versionGuardOnTheIdAndVersionIndexAppliesOnlyOntoThePreviousVersion() {
        MongoCollection<Document> c = db.getCollection("guarded");
        c.createIndex(Indexes.ascending("_id", "version"), new IndexOptions().unique(true));
        Document atOne = new Document("_id", "t").append("version", 1);
        c.updateOne(atOne, Updates.set("status", "NEW"), new UpdateOptions().upsert(true));

        assertThat(c.updateOne(atOne, Updates.combine(Updates.set("version", 2), Updates.set("status", "DEBITED")))
                .getModifiedCount()).isEqualTo(1);
        assertThat(c.updateOne(atOne, Updates.set("version", 2)).getMatchedCount()).as("a replay onto v1").isZero();
        assertThat(c.updateOne(new Document("_id", "t").append("version", 3), Updates.set("version", 4))
                .getMatchedCount()).as("a gap").isZero();
        assertThat(c.updateOne(new Document("_id", "t").append("version", 2), Updates.set("version", 3))
                .getModifiedCount()).isEqualTo(1);
        assertThat(c.find(eq("_id", "t")).first()).containsEntry("version", 3).containsEntry("status", "DEBITED");
        assertThat(c.countDocuments()).isEqualTo(1);
    }

    @Test
    void conditionalUpdateMatchesOnlyTheExpectedVersion() {
        MongoCollection<Document> c = db.getCollection("versions");
        c.insertOne(new Document("_id", "a").append("version", 1));
        UpdateResult stale = c.updateOne(and(eq("_id", "a"), eq("version", 0)), Updates.set("version", 1));
        UpdateResult fresh = c.updateOne(and(eq("_id", "a"), eq("version", 1)), Updates.set("version", 2));
        assertThat(stale.getMatchedCount()).isZero();
        assertThat(fresh.getMatchedCount()).isEqualTo(1);
        assertThat(c.find(eq("_id", "a")).first().getInteger("version")).isEqualTo(2);
    }

    @Test
    void upsertOnVersionFilterInsertsOnceThenFailsWithDuplicateKey() {
        MongoCollection<Document> c = db.getCollection("upserts");
        UpdateOptions upsert = new UpdateOptions().upsert(true);
        c.updateOne(and(eq("_id", "a"), eq("version", 0)),
                Updates.combine(Updates.set("version", 1), Updates.set("title", "x")), upsert);
        assertThat(c.find(eq("_id", "a")).first()).containsEntry("version", 1).containsEntry("title", "x");
        assertThatThrownBy(() -> c.updateOne(and(eq("_id", "a"), eq("version", 0)),
                Updates.set("version", 1), upsert))
                .isInstanceOfSatisfying(MongoWriteException.class,
                        e -> assertThat(ErrorCategory.fromErrorCode(e.getCode())).isEqualTo(ErrorCategory.DUPLICATE_KEY));
    }

    @Test
    void upsertWithSetOnInsertAndPushCreatesAPlaceholder() {
        MongoCollection<Document> c = db.getCollection("placeholders");
        UpdateOptions upsert = new UpdateOptions().upsert(true);
        c.updateOne(and(eq("_id", "a"), ne("items.id", "t1")),
                Updates.combine(Updates.setOnInsert("version", 0),
                        Updates.pushEach("items", List.of(new Document("id", "t1")), new PushOptions().slice(-20))),
                upsert);
        Document doc = c.find(eq("_id", "a")).first();
        assertThat(doc.getInteger("version")).isZero();
        assertThat(doc.getList("items", Document.class)).extracting(d -> d.getString("id")).containsExactly("t1");
        // already present: the filter no longer matches, the upsert would insert a second _id "a"
        assertThatThrownBy(() -> c.updateOne(and(eq("_id", "a"), ne("items.id", "t1")),
                Updates.pushEach("items", List.of(new Document("id", "t1")), new PushOptions().slice(-20)), upsert))
                .isInstanceOfSatisfying(MongoWriteException.class,
                        e -> assertThat(ErrorCategory.fromErrorCode(e.getCode())).isEqualTo(ErrorCategory.DUPLICATE_KEY));
        // a later "opened" update on version 0 keeps the pushed items
        c.updateOne(and(eq("_id", "a"), eq("version", 0)), Updates.set("version", 1), upsert);
        assertThat(c.find(eq("_id", "a")).first().getList("items", Document.class)).hasSize(1);
    }

    @Test
    void pushWithEachAndNegativeSliceKeepsTheLastTwenty() {
        MongoCollection<Document> c = db.getCollection("slices");
        c.insertOne(new Document("_id", "a").append("items", new ArrayList<>()));
        IntStream.rangeClosed(1, 25).forEach(i -> c.updateOne(eq("_id", "a"),
                Updates.pushEach("items", List.of(new Document("n", i)), new PushOptions().slice(-20))));
        assertThat(c.find(eq("_id", "a")).first().getList("items", Document.class))
                .extracting(d -> d.getInteger("n"))
                .containsExactlyElementsOf(IntStream.rangeClosed(6, 25).boxed().toList());
    }

    @Test
    void pushWithSortAndSliceKeepsTheTwentyLatestByKeyWhateverTheArrivalOrder() {
        MongoCollection<Document> c = db.getCollection("sorted_slices");
        c.insertOne(new Document("_id", "a").append("items", new ArrayList<>()));
        List<Integer> arrival = new ArrayList<>(IntStream.rangeClosed(1, 25).boxed().toList());
        java.util.Collections.shuffle(arrival, new java.util.Random(7));
        arrival.forEach(i -> c.updateOne(eq("_id", "a"), Updates.pushEach("items",
                List.of(new Document("at", new java.util.Date(1000L * (i / 2))).append("id", "t" + (100 + i))),
                new PushOptions().sortDocument(new Document("at", 1).append("id", 1)).slice(-20))));
        assertThat(c.find(eq("_id", "a")).first().getList("items", Document.class))
                .extracting(d -> d.getString("id"))
                .containsExactlyElementsOf(IntStream.rangeClosed(6, 25).mapToObj(i -> "t" + (100 + i)).toList());
    }

    @Test
    void positionalUpdateThroughElemMatchChangesOnlyTheMatchingEntry() {
        MongoCollection<Document> c = db.getCollection("positional");
        c.insertOne(new Document("_id", "a").append("rev", 0).append("items", List.of(
                new Document("id", "t1").append("status", "NEW").append("version", 1),
                new Document("id", "t2").append("status", "NEW").append("version", 1))));
        UpdateResult applied = c.updateOne(and(eq("_id", "a"),
                        elemMatch("items", and(eq("id", "t2"), lt("version", 2)))),
                Updates.combine(Updates.set("items.$.status", "DEBITED"), Updates.set("items.$.version", 2),
                        Updates.inc("rev", 1)));
        UpdateResult replayed = c.updateOne(and(eq("_id", "a"),
                        elemMatch("items", and(eq("id", "t2"), lt("version", 2)))),
                Updates.combine(Updates.set("items.$.status", "DEBITED"), Updates.set("items.$.version", 2),
                        Updates.inc("rev", 1)));
        assertThat(applied.getModifiedCount()).isEqualTo(1);
        assertThat(replayed.getMatchedCount()).isZero();
        Document doc = c.find(eq("_id", "a")).first();
        assertThat(doc.getInteger("rev")).isEqualTo(1);
        assertThat(doc.getList("items", Document.class))
                .extracting(d -> d.getString("id") + ":" + d.getString("status") + ":" + d.getInteger("version"))
                .containsExactly("t1:NEW:1", "t2:DEBITED:2");
    }

    @Test
    void uniqueCompoundIndexRejectsASecondDocumentForTheSameKey() {
        MongoCollection<Document> c = db.getCollection("changes");
        c.createIndex(Indexes.ascending("accountId", "version"), new IndexOptions().unique(true));
        c.createIndex(Indexes.ascending("accountId", "version"), new IndexOptions().unique(true));
        c.insertOne(new Document("accountId", "a").append("version", 2));
        assertThatThrownBy(() -> c.insertOne(new Document("accountId", "a").append("version", 2)))
                .isInstanceOfSatisfying(MongoWriteException.class,
                        e -> assertThat(ErrorCategory.fromErrorCode(e.getCode())).isEqualTo(ErrorCategory.DUPLICATE_KEY));
    }

    @Test
    void findSortsSkipsAndLimits() {
        MongoCollection<Document> c = db.getCollection("paging");
        IntStream.rangeClosed(1, 7).forEach(i -> c.insertOne(new Document("accountId", "a").append("version", 8 - i)));
        c.insertOne(new Document("accountId", "b").append("version", 1));
        List<Integer> page = c.find(eq("accountId", "a")).sort(Sorts.ascending("version")).skip(3).limit(3)
                .map(d -> d.getInteger("version")).into(new ArrayList<>());
        assertThat(page).containsExactly(4, 5, 6);
        assertThat(c.countDocuments(eq("accountId", "a"))).isEqualTo(7);
    }

    // ---- the live projection's bulk writes and the rebuild's

    private static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);

    @Test
    void anUnorderedBulkWriteOfGuardedUpdatesRunsThemAllAndCountsTheOnesWhoseGuardHeld() {
        MongoCollection<Document> c = db.getCollection("bulk_guards");
        c.insertMany(List.of(new Document("_id", "a").append("version", 1),
                new Document("_id", "b").append("version", 1), new Document("_id", "c").append("version", 3)));

        BulkWriteResult result = c.bulkWrite(List.of(
                new UpdateOneModel<>(and(eq("_id", "a"), eq("version", 1)), Updates.set("version", 2)),
                new UpdateOneModel<>(and(eq("_id", "b"), eq("version", 0)), Updates.set("version", 1)),
                new UpdateOneModel<>(and(eq("_id", "c"), eq("version", 3)), Updates.set("version", 5)),
                new UpdateOneModel<>(and(eq("_id", "missing"), eq("version", 3)), Updates.set("version", 4))),
                UNORDERED);

        assertThat(result.getMatchedCount()).isEqualTo(2);
        assertThat(result.getUpserts()).isEmpty();
        assertThat(c.find().sort(Sorts.ascending("_id")).map(d -> d.getInteger("version")).into(new ArrayList<>()))
                .containsExactly(2, 1, 5);
        assertThat(c.countDocuments()).isEqualTo(3);
    }

    @Test
    void anUnorderedBulkWriteReportsEachDuplicateKeyByIndexAndAppliesTheOtherOperations() {
        MongoCollection<Document> c = db.getCollection("bulk_errors");
        c.insertOne(new Document("_id", "x").append("version", 1));
        List<WriteModel<Document>> writes = List.of(
                new UpdateOneModel<>(and(eq("_id", "x"), eq("version", 0)), Updates.set("version", 1),
                        new UpdateOptions().upsert(true)),
                new UpdateOneModel<>(and(eq("_id", "y"), eq("version", 0)),
                        Updates.combine(Updates.set("version", 1), Updates.setOnInsert("items", List.of())),
                        new UpdateOptions().upsert(true)),
                new InsertOneModel<>(new Document("_id", "x").append("version", 7)),
                new InsertOneModel<>(new Document("_id", "z").append("version", 1)),
                new UpdateOneModel<>(and(eq("_id", "x"), eq("version", 1)), Updates.set("version", 2)));

        assertThatThrownBy(() -> c.bulkWrite(writes, UNORDERED))
                .isInstanceOfSatisfying(MongoBulkWriteException.class, e -> {
                    assertThat(e.getWriteErrors()).extracting(BulkWriteError::getIndex).containsExactlyInAnyOrder(0, 2);
                    assertThat(e.getWriteErrors()).allSatisfy(error -> assertThat(
                            ErrorCategory.fromErrorCode(error.getCode())).isEqualTo(ErrorCategory.DUPLICATE_KEY));
                    assertThat(e.getWriteConcernError()).isNull();
                    assertThat(e.getWriteResult().getUpserts()).extracting(BulkWriteUpsert::getIndex).containsExactly(1);
                    assertThat(e.getWriteResult().getMatchedCount()).isEqualTo(1);
                });

        assertThat(c.find().sort(Sorts.ascending("_id")).map(d -> d.getString("_id") + ":" + d.getInteger("version"))
                .into(new ArrayList<>())).containsExactly("x:2", "y:1", "z:1");
        assertThat(c.find(eq("_id", "y")).first().getList("items", Object.class)).isEmpty();
    }

    @Test
    void anUpsertWithPushEachSortAndSliceCreatesTheArraySortedAndCut() {
        MongoCollection<Document> c = db.getCollection("bulk_push");
        List<Document> changes = IntStream.of(5, 3, 4).mapToObj(v -> new Document("version", v)).toList();

        c.bulkWrite(List.of(new UpdateOneModel<>(and(eq("_id", "a"), eq("version", 0)), Updates.combine(
                        Updates.set("version", 5), Updates.setOnInsert("recentTransfers", List.of()),
                        Updates.pushEach("recentChanges", changes,
                                new PushOptions().sortDocument(new Document("version", 1)).slice(-2))),
                new UpdateOptions().upsert(true))), UNORDERED);

        Document doc = c.find(eq("_id", "a")).first();
        assertThat(doc.getInteger("version")).isEqualTo(5);
        assertThat(doc.getList("recentTransfers", Object.class)).isEmpty();
        assertThat(doc.getList("recentChanges", Document.class)).extracting(d -> d.getInteger("version"))
                .containsExactly(4, 5);
    }

    @Test
    void aNinGuardedUpsertAddsEntriesTogetherAndIsRefusedWhenTheDocumentHoldsOneOfThem() {
        MongoCollection<Document> c = db.getCollection("bulk_entries");
        UpdateOptions upsert = new UpdateOptions().upsert(true);
        PushOptions order = new PushOptions().sortDocument(new Document("at", 1).append("id", 1)).slice(-20);

        c.bulkWrite(List.of(new UpdateOneModel<>(and(eq("_id", "a"), nin("items.id", List.of("t2", "t1"))),
                Updates.combine(Updates.setOnInsert("version", 0), Updates.setOnInsert("changes", List.of()),
                        Updates.pushEach("items", List.of(new Document("id", "t2").append("at", new Date(2)),
                                new Document("id", "t1").append("at", new Date(1))), order)), upsert)), UNORDERED);

        Document doc = c.find(eq("_id", "a")).first();
        assertThat(doc.getInteger("version")).isZero();
        assertThat(doc.getList("items", Document.class)).extracting(d -> d.getString("id")).containsExactly("t1", "t2");
        assertThatThrownBy(() -> c.bulkWrite(List.of(new UpdateOneModel<>(
                        and(eq("_id", "a"), nin("items.id", List.of("t2", "t3"))),
                        Updates.pushEach("items", List.of(new Document("id", "t3").append("at", new Date(3))), order),
                        upsert)), UNORDERED))
                .isInstanceOfSatisfying(MongoBulkWriteException.class, e -> assertThat(
                        ErrorCategory.fromErrorCode(e.getWriteErrors().getFirst().getCode()))
                        .isEqualTo(ErrorCategory.DUPLICATE_KEY));
        assertThat(c.find(eq("_id", "a")).first().getList("items", Document.class)).hasSize(2);
    }

    @Test
    void findByIdInReturnsTheDocumentsThereAre() {
        MongoCollection<Document> c = db.getCollection("id_in");
        IntStream.range(0, 50).forEach(i -> c.insertOne(new Document("_id", "d" + i).append("version", i)
                .append("big", "x".repeat(100))));

        List<Document> found = c.find(in("_id", List.of("d3", "d47", "missing")))
                .projection(new Document("version", 1)).into(new ArrayList<>());

        assertThat(found).extracting(d -> d.getString("_id") + ":" + d.getInteger("version"))
                .containsExactlyInAnyOrder("d3:3", "d47:47");
        assertThat(found).allSatisfy(d -> assertThat(d).doesNotContainKey("big"));
    }

    @Test
    void largeUnorderedBulkWritesOfInsertsAndWholeDocumentSetsAreSplitAndCounted() {
        MongoCollection<Document> c = db.getCollection("bulk_large");
        List<WriteModel<Document>> inserts = new ArrayList<>();
        IntStream.range(0, 2500).forEach(i -> inserts.add(new InsertOneModel<>(new Document("_id", i)
                .append("version", 1).append("items", List.of(new Document("n", i))))));

        assertThat(c.bulkWrite(inserts, UNORDERED).getInsertedCount()).isEqualTo(2500);

        List<WriteModel<Document>> sets = new ArrayList<>();
        IntStream.range(0, 2500).forEach(i -> sets.add(new UpdateOneModel<>(eq("_id", i), new Document("$set",
                new Document("version", 2).append("items", List.of(new Document("n", i), new Document("n", -i)))
                        .append("status", "OPEN")))));
        BulkWriteResult result = c.bulkWrite(sets, UNORDERED);

        assertThat(result.getMatchedCount()).isEqualTo(2500);
        Document doc = c.find(eq("_id", 1234)).first();
        assertThat(doc).containsEntry("version", 2).containsEntry("status", "OPEN");
        assertThat(doc.getList("items", Document.class)).extracting(d -> d.getInteger("n")).containsExactly(1234, -1234);
    }

    @Test
    void generationsRecordTheCurrentOneAnAnnouncedRebuildAndTheInstancesHeartbeats() {
        java.time.Instant[] now = {java.time.Instant.parse("2026-12-04T12:00:00Z")};
        java.time.Clock clock = new java.time.Clock() {
            @Override
            public java.time.Instant instant() {
                return now[0];
            }

            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        };
        MongoDatabase own = client.getDatabase("wire_generations_" + System.nanoTime());
        MongoViewGenerations generations = new MongoViewGenerations(own, clock);
        assertThat(generations.recorded()).isFalse();
        generations.reserve(2);
        assertThat(generations.recorded()).isFalse();
        assertThat(generations.highest()).isEqualTo(2);
        generations.recordCurrent();
        assertThat(generations.recorded()).isTrue();
        assertThat(generations.current()).isZero();

        generations.markBuilding(2);
        assertThat(generations.building()).hasValue(2);
        generations.clearBuilding(3);
        assertThat(generations.building()).hasValue(2);
        generations.clearBuilding(2);
        assertThat(generations.building()).isEmpty();
        generations.makeCurrent(2);
        assertThat(generations.current()).isEqualTo(2);

        generations.heartbeat("a", java.util.Set.of(2L));
        now[0] = now[0].plusSeconds(20);
        generations.heartbeat("b", java.util.Set.of(2L, 3L));
        generations.heartbeat("a", java.util.Set.of(2L, 3L));
        now[0] = now[0].plusSeconds(20);
        generations.heartbeat("c", java.util.Set.of(2L));

        assertThat(generations.instances(java.time.Duration.ofSeconds(30))).isEqualTo(java.util.Map.of(
                "a", java.util.Set.of(2L, 3L), "b", java.util.Set.of(2L, 3L), "c", java.util.Set.of(2L)));
        assertThat(generations.instances(java.time.Duration.ofSeconds(10))).containsOnlyKeys("c");

        java.time.Duration stale = java.time.Duration.ofMinutes(10);
        assertThat(generations.claimRefill("a", stale)).isTrue();
        assertThat(generations.claimRefill("b", stale)).isFalse();
        assertThat(generations.claimRefill("a", stale)).isTrue();
        generations.releaseRefill("b");
        assertThat(generations.claimRefill("b", stale)).isFalse();
        generations.releaseRefill("a");
        assertThat(generations.claimRefill("b", stale)).isTrue();
        now[0] = now[0].plus(stale).plusSeconds(1);
        assertThat(generations.claimRefill("a", stale)).as("b's claim went stale").isTrue();
        assertThat(generations.claimRefill("b", stale)).isFalse();
        generations.releaseRefill("a");
        own.drop();
        assertThat(generations.recorded()).isFalse();
        assertThat(generations.claimRefill("b", stale)).as("a claim given up and lost with its database").isTrue();
        own.drop();
    }
}
