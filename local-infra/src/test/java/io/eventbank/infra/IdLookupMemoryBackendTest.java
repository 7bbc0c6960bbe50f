package io.eventbank.infra;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.elemMatch;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.ne;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The _id lookup answers exactly as the plain in-memory backend, over the wire. */
class IdLookupMemoryBackendTest {

    private final List<MongoServer> servers = new ArrayList<>();
    private final List<MongoClient> clients = new ArrayList<>();
    private MongoCollection<Document> plain;
    private MongoCollection<Document> indexed;

    @BeforeEach
    void start() {
        plain = collection(new MongoServer(new MemoryBackend()));
        indexed = collection(new MongoServer(new IdLookupMemoryBackend()));
        for (MongoCollection<Document> c : List.of(plain, indexed)) {
            for (int i = 0; i < 200; i++) {
                c.insertOne(new Document("_id", "doc-" + i).append("version", i % 7)
                        .append("entries", List.of(new Document("t", "a").append("v", 1))));
            }
        }
    }

    private MongoCollection<Document> collection(MongoServer server) {
        servers.add(server);
        MongoClient client = MongoClients.create("mongodb://" + hostPort(server));
        clients.add(client);
        return client.getDatabase("test").getCollection("docs");
    }

    private static String hostPort(MongoServer server) {
        var address = server.bind();
        return address.getHostString() + ":" + address.getPort();
    }

    @AfterEach
    void stop() {
        clients.forEach(MongoClient::close);
        servers.forEach(MongoServer::shutdownNow);
    }

    @Test
    void versionGuardedUpdateMatchesOnlyTheExpectedVersion() {
        long[] matched = both(c -> new long[] {
                c.updateOne(and(eq("_id", "doc-10"), eq("version", 3)), Updates.set("version", 4)).getMatchedCount(),
                c.updateOne(and(eq("_id", "doc-10"), eq("version", 3)), Updates.set("version", 4)).getMatchedCount(),
                c.updateOne(new Document("_id", "doc-11").append("version", 4), Updates.set("version", 5))
                        .getMatchedCount(),
                c.updateOne(and(eq("_id", "missing"), eq("version", 0)), Updates.set("version", 1)).getMatchedCount()});
        assertThat(matched).containsExactly(1, 0, 1, 0);
        assertThat(indexed.find(eq("_id", "doc-10")).first().getInteger("version")).isEqualTo(4);
    }

    @Test
    void conditionalUpsertOfAnExistingDocumentFailsWithDuplicateKeyLikeThePlainBackend() {
        for (MongoCollection<Document> c : List.of(plain, indexed)) {
            assertThatThrownBy(() -> c.updateOne(and(eq("_id", "doc-1"), eq("version", 0)), Updates.set("x", 1),
                    new UpdateOptions().upsert(true)))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
            c.updateOne(and(eq("_id", "new"), eq("version", 0)), Updates.set("x", 1), new UpdateOptions().upsert(true));
        }
        Document upserted = both(c -> c.find(eq("_id", "new")).first());
        assertThat(upserted).containsEntry("version", 0).containsEntry("x", 1);
    }

    @Test
    void elementAndNegatedConditionsNextToTheIdAnswerAsWithoutTheLookup() {
        both(c -> c.updateOne(and(eq("_id", "doc-5"), elemMatch("entries", and(eq("t", "a"), eq("v", 1)))),
                Updates.set("entries.$.v", 2)).getModifiedCount());
        Integer entryVersion = both(c -> c.find(eq("_id", "doc-5")).first().getList("entries", Document.class)
                .getFirst().getInteger("v"));
        assertThat(entryVersion).isEqualTo(2);
        Long matched = both(c -> c.updateOne(and(eq("_id", "doc-6"), ne("entries.t", "a")), Updates.set("y", 1))
                .getMatchedCount());
        assertThat(matched).isZero();
        List<Document> found = both(c -> c.find(and(eq("_id", "doc-6"), gt("version", 5)))
                .projection(new Document("version", 1)).into(new ArrayList<>()));
        assertThat(found).containsExactly(new Document("_id", "doc-6").append("version", 6));
        Long count = both(c -> c.countDocuments(gt("version", 5)));
        assertThat(count).isEqualTo(28);
    }

    /** Runs the same operation against both backends and insists on the same answer. */
    private <T> T both(Function<MongoCollection<Document>, T> operation) {
        T expected = operation.apply(plain);
        T actual = operation.apply(indexed);
        assertThat(actual).usingRecursiveComparison().isEqualTo(expected);
        return actual;
    }
}
