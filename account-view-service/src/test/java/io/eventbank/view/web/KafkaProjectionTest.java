package io.eventbank.view.web;

import static io.eventbank.view.TestEvents.account;
import static io.eventbank.view.TestEvents.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventbank.events.BankingEvents;
import io.eventbank.events.Money;
import io.eventbank.events.account.AccountClosed;
import io.eventbank.events.account.AccountCredited;
import io.eventbank.events.account.AccountOpened;
import io.eventbank.events.transfer.MoneyTransferCreated;
import io.eventbank.infra.LocalInfra;
import io.eventbank.testsupport.Http;
import io.eventbank.testsupport.Tokens;
import io.eventbank.view.TopicPublisher;
import io.eventbank.view.ViewServiceTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The live subscription: events published to the real topics reach the views; a gap is dead-lettered. */
@ViewServiceTest
class KafkaProjectionTest {

    @LocalServerPort
    int port;

    @Test
    void eventsPublishedToTheTopicsReachTheViews() {
        UUID from = UUID.randomUUID();
        UUID to = UUID.randomUUID();
        UUID t = UUID.randomUUID();
        try (TopicPublisher publisher = new TopicPublisher()) {
            publisher.publish(BankingEvents.ACCOUNT.topic(), account(from, 1, new AccountOpened("k", "from", money("10.00"))));
            publisher.publish(BankingEvents.ACCOUNT.topic(), account(to, 1, new AccountOpened("k", "to", money("0.00"))));
            publisher.publish(BankingEvents.TRANSFER.topic(), transfer(t, 1, new MoneyTransferCreated(from, to, money("2.50"), "k", "k")));
            publisher.publish(BankingEvents.ACCOUNT.topic(), account(to, 2, new AccountCredited(t, money("2.50"), false, money("2.50"))));
        }
        Http http = Http.localhost(port).bearer(Tokens.customer("k"));

        Http.Response answer = http.get("/accounts/" + to + "?minVersion=2&waitMs=20000");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("balance").asString()).isEqualTo("2.50");
        assertThat(http.get("/transfers/" + t + "?minVersion=1&waitMs=20000").status()).isEqualTo(200);
    }

    @Test
    void aVersionGapEndsOnTheDeadLetterTopicWhileLaterEventsOfOtherAccountsAreApplied() {
        UUID gapped = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        try (TopicPublisher publisher = new TopicPublisher()) {
            publisher.publish(BankingEvents.ACCOUNT.topic(), account(gapped, 1, new AccountOpened("g", "g", money("1.00"))));
            publisher.publish(BankingEvents.ACCOUNT.topic(), account(gapped, 3, new AccountClosed("gap")));
            publisher.publish(BankingEvents.ACCOUNT.topic(), account(other, 1, new AccountOpened("g", "o", money("1.00"))));
            publisher.publish(BankingEvents.ACCOUNT.topic(), account(other, 2, new AccountCredited(UUID.randomUUID(),
                    money("1.00"), false, money("2.00"))));
        }
        Http http = Http.localhost(port).bearer(Tokens.customer("g"));

        assertThat(http.get("/accounts/" + other + "?minVersion=2&waitMs=30000").status()).isEqualTo(200);
        List<ConsumerRecord<String, String>> deadLetters = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.shared().endpoints().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(BankingEvents.ACCOUNT.deadLetterTopic()));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(deadLetters::add);
                return deadLetters.stream().anyMatch(r -> gapped.toString().equals(r.key()));
            });
        }
        assertThat(deadLetters).filteredOn(r -> gapped.toString().equals(r.key())).singleElement()
                .satisfies(r -> assertThat(r.value()).contains("\"version\":3"));
        Http.Response view = http.get("/accounts/" + gapped);
        assertThat(view.json().get("version").asInt()).isEqualTo(1);
        assertThat(view.json().get("status").asString()).isEqualTo("OPEN");
    }

    private static Money money(String amount) {
        return Money.of(amount);
    }
}
