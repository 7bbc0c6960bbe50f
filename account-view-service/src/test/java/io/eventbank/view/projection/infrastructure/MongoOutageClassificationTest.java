package io.eventbank.view.projection.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchException;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.eventbank.eventstore.subscription.FailureClassifier;
import io.eventbank.infra.LocalInfra;
import io.eventbank.infra.TcpProxy;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * What the MongoDB driver throws when the server goes away, over a real socket through a proxy:
 * the view's subscriptions wait it out; a write the server refuses is not an outage.
 */
class MongoOutageClassificationTest {

    private final FailureClassifier classifier = ViewConfiguration.failureClassifier();

    @Test
    void aServerThatGoesAwayIsAnOutageAndARefusedWriteIsNot() {
        ConnectionString direct = new ConnectionString(LocalInfra.shared().endpoints().mongoUri());
        String host = direct.getHosts().getFirst();
        try (TcpProxy proxy = TcpProxy.to(host.substring(0, host.lastIndexOf(':')),
                Integer.parseInt(host.substring(host.lastIndexOf(':') + 1)));
             MongoClient client = MongoClients.create(MongoClientSettings.builder()
                     .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + proxy.port()))
                     .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(500, TimeUnit.MILLISECONDS))
                     .applyToSocketSettings(socket -> socket.connectTimeout(500, TimeUnit.MILLISECONDS)
                             .readTimeout(1, TimeUnit.SECONDS))
                     .retryWrites(false).retryReads(false)
                     .build())) {
            MongoCollection<Document> docs = client.getDatabase("outage_" + System.nanoTime()).getCollection("docs");
            docs.insertOne(new Document("_id", "a"));

            Exception refused = catchException(() -> docs.insertOne(new Document("_id", "a")));
            assertThat(refused).isNotNull();
            assertThat(classifier.isTransient(refused)).isFalse();

            proxy.cut();
            Exception lost = catchException(() -> docs.insertOne(new Document("_id", "b")));
            Exception unreachable = catchException(() -> docs.insertOne(new Document("_id", "c")));
            assertThat(lost).isNotNull();
            assertThat(unreachable).isNotNull();
            assertThat(classifier.isTransient(lost)).as(lost.toString()).isTrue();
            assertThat(classifier.isTransient(unreachable)).as(unreachable.toString()).isTrue();

            proxy.restore();
            client.getDatabase(docs.getNamespace().getDatabaseName()).drop();
        }
    }
}
