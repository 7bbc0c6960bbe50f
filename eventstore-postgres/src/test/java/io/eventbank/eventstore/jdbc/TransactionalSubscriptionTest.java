package io.eventbank.eventstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventbank.eventstore.AggregateEvents;
import io.eventbank.eventstore.AggregateRepository;
import io.eventbank.eventstore.AggregateRepository.PendingCommand;
import io.eventbank.eventstore.AppendOptions;
import io.eventbank.eventstore.EventEnvelope;
import io.eventbank.eventstore.EventMetadata;
import io.eventbank.eventstore.envelope.EventRecordFormat;
import io.eventbank.eventstore.envelope.EventRecordFormat.PublishedEvent;
import io.eventbank.eventstore.json.EventCodec;
import io.eventbank.eventstore.kafka.autoconfigure.EventKafkaClients;
import io.eventbank.eventstore.subscription.EventSubscription;
import io.eventbank.eventstore.subscription.EventSubscriptionRuntime;
import io.eventbank.eventstore.subscription.SubscriptionProgress;
import io.eventbank.eventstore.subscription.SubscriptionSettings;
import io.eventbank.eventstore.testing.Infra;
import io.eventbank.infra.TcpProxy;
import io.eventbank.eventstore.testing.TestEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import com.zaxxer.hikari.HikariDataSource;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Command-side subscriptions on real PostgreSQL and Kafka: a poll's effects, positions and applied
 * versions commit together, so records are applied exactly once whatever is re-delivered.
 */
class TransactionalSubscriptionTest {

    private static final SubscriptionSettings SETTINGS =
            new SubscriptionSettings(1, 3, Duration.ofMillis(20), Duration.ofMillis(80), Duration.ofMillis(200));

    private final HikariDataSource dataSource = TestDatabase.create("txsub_" + Infra.suffix(), 4);
    private final JdbcEventStore store = new JdbcEventStore(dataSource, new EventCodec(),
            JdbcEventStore.Options.defaults().withNotifyOnAppend(false));
    private final AggregateRepository<Ledger, Ledger.Command, Ledger.Event> ledgers =
            new AggregateRepository<>(store, Ledger.TYPE);
    private final KafkaTemplate<String, String> template = EventKafkaClients.template(Infra.kafkaConfig());
    private final AggregateEvents<TestEvent> source = TestEvent.uniqueType("TxSrc");
    private final String group = "txsub-" + Infra.suffix();
    private final UUID sourceId = UUID.randomUUID();
    private final UUID ledgerId;
    private final List<String> sent = new ArrayList<>();
    private EventSubscriptionRuntime runtime;
    private SimpleMeterRegistry meters;

    TransactionalSubscriptionTest() {
        Infra.createTopics(source, 2, 1);
        ledgerId = ledgers.create(new Ledger.Open("ann"), AppendOptions.none()).id();
    }

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.stop();
        }
        template.getProducerFactory().reset();
    }

    private void start() {
        start(dataSource);
    }

    /**
     * Deposits each Deposited amount into the ledger; a Noted "withdraw N" withdraws N (fails when
     * too low). The subscription and its handler use {@code database}.
     */
    private void start(DataSource database) {
        AggregateRepository<Ledger, Ledger.Command, Ledger.Event> ledgers = new AggregateRepository<>(
                new JdbcEventStore(database, new EventCodec(),
                        JdbcEventStore.Options.defaults().withNotifyOnAppend(false)), Ledger.TYPE);
        meters = new SimpleMeterRegistry();
        EventSubscription subscription = EventSubscription.builder(group)
                .onBatch(source, events -> {
                    List<PendingCommand<Ledger.Command>> commands = new ArrayList<>();
                    for (EventEnvelope<TestEvent> envelope : events) {
                        switch (envelope.event()) {
                            case TestEvent.Deposited deposited -> commands.add(new PendingCommand<>(ledgerId,
                                    new Ledger.Deposit(deposited.amount(), "v" + envelope.version()), AppendOptions.none()));
                            case TestEvent.Noted noted -> commands.add(new PendingCommand<>(ledgerId,
                                    new Ledger.Withdraw(new BigDecimal(noted.text().substring("withdraw ".length()))),
                                    AppendOptions.none()));
                            case TestEvent.Opened opened -> { }
                        }
                    }
                    ledgers.updateAll(commands);
                })
                .build();
        runtime = new EventSubscriptionRuntime(List.of(subscription),
                EventKafkaClients.consumerFactory(Infra.kafkaConfig()), template, new EventCodec(),
                new JdbcSubscriptionStore(JdbcClient.create(database), new DataSourceTransactionManager(database),
                        meters),
                SETTINGS, meters);
        runtime.start();
    }

    private void send(int version, String eventType, String payloadJson) throws Exception {
        JsonMapper mapper = new EventCodec().mapper();
        PublishedEvent event = new PublishedEvent(UUID.randomUUID(), source.aggregateType(), sourceId, version,
                eventType, Instant.now(), version, EventMetadata.EMPTY, 1, mapper.readTree(payloadJson));
        String value = EventRecordFormat.write(mapper, event);
        sent.add(value);
        ProducerRecord<String, String> record = new ProducerRecord<>(source.topic(), sourceId.toString(), value);
        record.headers().add(EventRecordFormat.AGGREGATE_TYPE, source.aggregateType().getBytes());
        record.headers().add(EventRecordFormat.EVENT_TYPE, eventType.getBytes());
        template.send(record).get(10, TimeUnit.SECONDS);
    }

    private void resend(int index) throws Exception {
        template.send(new ProducerRecord<>(source.topic(), sourceId.toString(), sent.get(index))).get(10, TimeUnit.SECONDS);
    }

    private Ledger ledger() {
        return store.find(Ledger.TYPE, ledgerId).aggregate();
    }

    private double deadLettered() {
        return meters.counter("eventstore.subscription.dead-lettered", "subscriber", group).count();
    }

    private double failures() {
        return meters.counter("eventstore.subscription.failures", "subscriber", group).count();
    }

    private double duplicates() {
        return meters.counter("eventstore.subscription.duplicates", "subscriber", group).count();
    }

    @Test
    void appliesEveryRecordOnceWhenRecordsAreRepublishedAndTheGroupReplaysFromEarliest() throws Exception {
        start();
        for (int v = 1; v <= 40; v++) {
            send(v, "Deposited", "{\"amount\":\"1.00\"}");
        }
        for (int i = 10; i < 20; i++) {
            resend(i);
        }
        send(41, "Deposited", "{\"amount\":\"0.50\"}");
        await().atMost(Duration.ofSeconds(60)).until(() -> ledger().balance().compareTo(new BigDecimal("40.50")) == 0);
        assertThat(ledger().entries()).isEqualTo(42);
        await().atMost(Duration.ofSeconds(10)).until(() -> duplicates() == 10.0);
        runtime.stop();

        // the whole history again: no stored position and no committed offset
        new JdbcTemplate(dataSource).update("delete from es_subscription_positions where subscriber_id = ?", group);
        try (Admin admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, Infra.bootstrap()))) {
            admin.deleteConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS);
        }
        start();
        send(42, "Deposited", "{\"amount\":\"0.01\"}");
        await().atMost(Duration.ofSeconds(60)).until(() -> ledger().balance().compareTo(new BigDecimal("40.51")) == 0);
        assertThat(ledger().entries()).isEqualTo(43);
        assertThat(duplicates()).isEqualTo(51.0);
    }

    @Test
    void waitsOutADatabaseOutageLongerThanItsRetryBudgetAndDeadLettersNothing() throws Exception {
        URI url = URI.create(dataSource.getJdbcUrl().substring("jdbc:".length()));
        try (TcpProxy proxy = TcpProxy.to(url.getHost(), url.getPort());
             HikariDataSource throughProxy = TestDatabase.through(dataSource, proxy.port())) {
            start(throughProxy);
            for (int v = 1; v <= 5; v++) {
                send(v, "Deposited", "{\"amount\":\"1.00\"}");
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> ledger().entries() == 6);
            SubscriptionProgress progress = runtime.progress().getFirst();
            assertThat(progress.outage()).isEmpty();

            proxy.cut();
            for (int v = 6; v <= 10; v++) {
                send(v, "Deposited", "{\"amount\":\"1.00\"}");
            }
            // three times the attempts after which a poison record is dead-lettered
            await().atMost(Duration.ofSeconds(60)).until(() -> failures() >= 3 * SETTINGS.maxAttempts());
            assertThat(progress.outage()).isPresent();
            assertThat(meters.get("eventstore.subscription.outage").gauge().value()).isPositive();
            assertThat(ledger().entries()).isEqualTo(6);

            proxy.restore();
            await().atMost(Duration.ofSeconds(60)).until(() -> ledger().entries() == 11);
            await().atMost(Duration.ofSeconds(10)).until(() -> progress.outage().isEmpty());
            assertThat(ledger().balance()).isEqualByComparingTo("10.00");
            assertThat(deadLettered()).isZero();
            assertThat(progress.positions()).extracting(SubscriptionProgress.Position::nextOffset)
                    .containsExactly(10L);
        }
    }

    @Test
    void resumesFromItsStoredPositionsWhateverTheGroupsOffsetsSay() throws Exception {
        start();
        for (int v = 1; v <= 10; v++) {
            send(v, "Deposited", "{\"amount\":\"1.00\"}");
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> ledger().entries() == 11);
        runtime.stop();
        try (Admin admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, Infra.bootstrap()))) {
            admin.deleteConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS);
        }
        start();
        send(11, "Deposited", "{\"amount\":\"1.00\"}");
        await().atMost(Duration.ofSeconds(60)).until(() -> ledger().entries() == 12);
        assertThat(duplicates()).isZero();
        assertThat(JdbcClient.create(dataSource)
                .sql("select sum(next_offset) from es_subscription_positions where subscriber_id = :g")
                .param("g", group).query(Long.class).single()).isEqualTo(11L);
    }

    @Test
    void isolatesAFailingRecordWhileTheRestOfItsPollCommits() throws Exception {
        start();
        for (int v = 1; v <= 5; v++) {
            send(v, "Deposited", "{\"amount\":\"1.00\"}");
        }
        send(6, "Noted", "{\"text\":\"withdraw 1000.00\"}");
        for (int v = 7; v <= 11; v++) {
            send(v, "Deposited", "{\"amount\":\"1.00\"}");
        }
        send(12, "Noted", "{\"text\":\"withdraw 2.00\"}");
        await().atMost(Duration.ofSeconds(60)).until(() -> ledger().entries() == 12);
        assertThat(ledger().balance()).isEqualByComparingTo("8.00");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                meters.counter("eventstore.subscription.dead-lettered", "subscriber", group).count() == 1.0);
        try (Infra.TopicReader dlt = new Infra.TopicReader(source.deadLetterTopic())) {
            await().atMost(Duration.ofSeconds(20)).until(() -> dlt.poll().size() == 1);
            assertThat(dlt.poll().getFirst().value()).contains("withdraw 1000.00");
        }
    }

    @Test
    void aDeadLetteredRecordIsAppliedOnceWhenRedrivenAfterLaterVersionsWereApplied() throws Exception {
        start();
        send(1, "Noted", "{\"text\":\"withdraw 100.00\"}");
        send(2, "Deposited", "{\"amount\":\"150.00\"}");
        await().atMost(Duration.ofSeconds(60)).until(() -> ledger().entries() == 2
                && meters.counter("eventstore.subscription.dead-lettered", "subscriber", group).count() == 1.0);

        resend(0);
        resend(0);
        send(3, "Deposited", "{\"amount\":\"0.01\"}");
        await().atMost(Duration.ofSeconds(60)).until(() -> ledger().entries() == 4);
        assertThat(ledger().balance()).isEqualByComparingTo("50.01");
        assertThat(duplicates()).isEqualTo(1.0);
    }
}
