package io.eventbank.view.web;

import static io.eventbank.view.TestEvents.account;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClients;
import io.eventbank.events.BankingEvents;
import io.eventbank.events.Money;
import io.eventbank.events.account.AccountCredited;
import io.eventbank.events.account.AccountOpened;
import io.eventbank.testsupport.Http;
import io.eventbank.testsupport.Tokens;
import io.eventbank.view.TopicPublisher;
import io.eventbank.view.ViewServiceTest;
import io.eventbank.view.projection.application.LiveProjection;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * MongoDB loses the views (its database dropped over the wire, as a server restarted empty) while the
 * service runs and events go on arriving: it notices, refills them from the topics, and answers as before.
 */
@ViewServiceTest
@TestPropertySource(properties = "eventbank.view.store-check-interval=500ms")
class LostViewsRefillTest {

    @Autowired
    LiveProjection projection;

    @Value("${spring.mongodb.uri}")
    String mongoUri;

    @LocalServerPort
    int port;

    @Test
    void refillsViewsMongoDbLostFromTheTopicsByItself() {
        TopicPublisher.ensureTopics(List.of(BankingEvents.ACCOUNT.topic(), BankingEvents.TRANSFER.topic()));
        UUID id = UUID.randomUUID();
        try (TopicPublisher publisher = new TopicPublisher()) {
            publisher.publish(BankingEvents.ACCOUNT.topic(), account(id, 1, new AccountOpened("refill-owner", "Kept",
                    Money.of("10.00"))));
            publisher.publish(BankingEvents.ACCOUNT.topic(), account(id, 2, new AccountCredited(UUID.randomUUID(),
                    Money.of("5.00"), false, Money.of("15.00"))));
        }
        Http http = Http.localhost(port).bearer(Tokens.customer("refill-owner"));
        assertThat(http.get("/accounts/" + id + "?minVersion=2&waitMs=30000").status()).isEqualTo(200);
        long generationBefore = projection.readStore().generation();

        String database = mongoUri.substring(mongoUri.lastIndexOf('/') + 1);
        try (var client = MongoClients.create(mongoUri.substring(0, mongoUri.lastIndexOf('/')))) {
            client.getDatabase(database).drop();
        }

        try (TopicPublisher publisher = new TopicPublisher()) {
            // live traffic after the loss: the projection meets a version gap, checks the store and refills it
            publisher.publish(BankingEvents.ACCOUNT.topic(), account(id, 3, new AccountCredited(UUID.randomUUID(),
                    Money.of("1.00"), false, Money.of("16.00"))));
        }

        await("the refill switches to a new generation").atMost(Duration.ofSeconds(60))
                .until(() -> projection.readStore().generation() > generationBefore);
        Http.Response answer = http.get("/accounts/" + id + "?minVersion=3&waitMs=30000");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("balance").asString()).isEqualTo("16.00");
        await("ready again once the subscription resumed").atMost(Duration.ofSeconds(60))
                .until(() -> Http.localhost(port).bearer(Tokens.ops()).get("/actuator/health/readiness").status() == 200);
    }
}
