package io.eventbank.eventstore.subscription;

import static io.eventbank.eventstore.testing.Infra.intHeader;
import static io.eventbank.eventstore.testing.Infra.longHeader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventbank.eventstore.AggregateEvents;
import io.eventbank.eventstore.EventEnvelope;
import io.eventbank.eventstore.EventMetadata;
import io.eventbank.eventstore.kafka.autoconfigure.EventKafkaClients;
import io.eventbank.eventstore.json.EventCodec;
import io.eventbank.eventstore.json.EventUpcaster;
import io.eventbank.eventstore.json.StoredPayload;
import io.eventbank.eventstore.envelope.EventRecordFormat;
import io.eventbank.eventstore.envelope.EventRecordFormat.PublishedEvent;
import io.eventbank.eventstore.testing.Infra;
import io.eventbank.eventstore.testing.TestEvent;
import io.eventbank.eventstore.testing.TestEvent.Deposited;
import io.eventbank.eventstore.testing.TestEvent.Noted;
import io.eventbank.eventstore.testing.TestEvent.Opened;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import tools.jackson.databind.json.JsonMapper;

/** Subscriptions on a real broker: handlers, skipping, retries, dead letters and offset commits. */
class EventSubscriptionRuntimeTest {

    private static final SubscriptionSettings SETTINGS =
            new SubscriptionSettings(2, 3, Duration.ofMillis(20), Duration.ofMillis(80));

    private final KafkaTemplate<String, String> template = EventKafkaClients.template(Infra.kafkaConfig());
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AggregateEvents<TestEvent> type = TestEvent.uniqueType("Sub");
    private final UUID aggregateId = UUID.randomUUID();
    private final AtomicLong versions = new AtomicLong();
    private EventSubscriptionRuntime runtime;

    EventSubscriptionRuntimeTest() {
        Infra.createTopics(type, 3, 1);
    }

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.stop();
        }
        template.getProducerFactory().reset();
    }

    private void run(EventSubscription subscription, EventCodec codec) {
        runtime = new EventSubscriptionRuntime(List.of(subscription),
                EventKafkaClients.consumerFactory(Infra.kafkaConfig()), template, codec, SETTINGS, meters);
        runtime.start();
    }

    private RecordMetadata send(String eventType, int schemaVersion, String payloadJson, String correlationId)
            throws Exception {
        JsonMapper mapper = new EventCodec().mapper();
        PublishedEvent event = new PublishedEvent(UUID.randomUUID(), type.aggregateType(), aggregateId,
                (int) versions.incrementAndGet(), eventType, Instant.now(), versions.get(),
                new EventMetadata(correlationId, null, Map.of()), schemaVersion, mapper.readTree(payloadJson));
        return sendRaw(EventRecordFormat.write(mapper, event));
    }

    private RecordMetadata sendRaw(String value) throws Exception {
        return template.send(new ProducerRecord<>(type.topic(), aggregateId.toString(), value))
                .get(10, TimeUnit.SECONDS).getRecordMetadata();
    }

    private double counter(String name, String subscriber) {
        return meters.counter(name, "subscriber", subscriber).count();
    }

    @Test
    void retriesAFailingHandlerThenDeadLettersTheRecordAndHandlesLaterOnes() throws Exception {
        String group = "retry-" + Infra.suffix();
        Map<BigDecimal, Integer> attempts = new ConcurrentHashMap<>();
        List<BigDecimal> handled = new CopyOnWriteArrayList<>();
        run(EventSubscription.builder(group)
                .on(type, e -> {
                    switch (e.event()) {
                        case Deposited deposited -> {
                            BigDecimal amount = deposited.amount();
                            attempts.merge(amount, 1, Integer::sum);
                            if (amount.signum() < 0) {
                                throw new IllegalStateException("negative deposit " + amount);
                            }
                            handled.add(amount);
                        }
                        case Opened opened -> { }
                        case Noted noted -> { }
                    }
                })
                .build(), new EventCodec());

        send("Deposited", 1, "{\"amount\":\"10.00\"}", "c1");
        RecordMetadata failing = send("Deposited", 1, "{\"amount\":\"-5.00\"}", "c2");
        send("Deposited", 1, "{\"amount\":\"7.00\"}", "c3");

        await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() == 2);
        assertThat(handled).containsExactly(new BigDecimal("10.00"), new BigDecimal("7.00"));
        assertThat(attempts).containsEntry(new BigDecimal("-5.00"), 3);

        try (Infra.TopicReader dlt = new Infra.TopicReader(type.deadLetterTopic())) {
            await().atMost(Duration.ofSeconds(20)).until(() -> !dlt.poll().isEmpty());
            ConsumerRecord<String, String> dead = dlt.poll().getFirst();
            assertThat(dead.key()).isEqualTo(aggregateId.toString());
            assertThat(dead.value()).contains("\"-5.00\"");
            assertThat(Infra.header(dead, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(type.topic());
            assertThat(intHeader(dead, KafkaHeaders.DLT_ORIGINAL_PARTITION)).isEqualTo(failing.partition());
            assertThat(longHeader(dead, KafkaHeaders.DLT_ORIGINAL_OFFSET)).isEqualTo(failing.offset());
            assertThat(Infra.header(dead, KafkaHeaders.DLT_EXCEPTION_FQCN)).isEqualTo(EventHandlingException.class.getName());
            assertThat(Infra.header(dead, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).contains("negative deposit");
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> counter("eventstore.subscription.dead-lettered", group) == 1.0);
        assertThat(counter("eventstore.subscription.failures", group)).isEqualTo(3.0);
    }

    @Test
    void deadLettersUnreadableRecordsAtOnce() throws Exception {
        String group = "unreadable-" + Infra.suffix();
        List<String> owners = new CopyOnWriteArrayList<>();
        List<BigDecimal> deposits = new CopyOnWriteArrayList<>();
        run(EventSubscription.builder(group)
                .on(type, e -> {
                    switch (e.event()) {
                        case Opened opened -> owners.add(opened.owner());
                        case Deposited deposited -> deposits.add(deposited.amount());
                        case Noted noted -> { }
                    }
                })
                .build(), new EventCodec());

        sendRaw("this is not json");
        sendRaw("{\"eventId\":\"" + UUID.randomUUID() + "\",\"eventType\":\"Opened\"}");
        send("Deposited", 1, "{\"amount\":{\"not\":\"a number\"}}", null);
        send("Opened", 1, "{\"owner\":\"ann\"}", null);

        await().atMost(Duration.ofSeconds(30)).until(() -> owners.size() == 1);
        try (Infra.TopicReader dlt = new Infra.TopicReader(type.deadLetterTopic())) {
            await().atMost(Duration.ofSeconds(20)).until(() -> dlt.poll().size() == 3);
            List<String> values = dlt.poll().stream().map(ConsumerRecord::value).toList();
            assertThat(values).contains("this is not json").noneMatch(v -> v.contains("ann"));
            assertThat(dlt.poll().stream().map(r -> Infra.header(r, KafkaHeaders.DLT_EXCEPTION_FQCN)))
                    .containsOnly(UnreadableEventException.class.getName());
        }
        assertThat(deposits).isEmpty();
        assertThat(counter("eventstore.subscription.dead-lettered", group)).isEqualTo(3.0);
        // one failed delivery per record: unreadable records are never retried
        assertThat(counter("eventstore.subscription.failures", group)).isEqualTo(3.0);
    }

    @Test
    void skipsUnknownAndUnhandledEventTypesAndUpcastsOldPayloads() throws Exception {
        String group = "skip-" + Infra.suffix();
        List<EventEnvelope<TestEvent>> opened = new CopyOnWriteArrayList<>();
        List<String> correlationIds = new CopyOnWriteArrayList<>();
        EventUpcaster renameOwner = new EventUpcaster() {
            @Override
            public String aggregateType() {
                return type.aggregateType();
            }

            @Override
            public String eventType() {
                return "Opened";
            }

            @Override
            public int fromSchemaVersion() {
                return 1;
            }

            @Override
            public StoredPayload upcast(StoredPayload payload) {
                var node = payload.payload().deepCopy();
                ((tools.jackson.databind.node.ObjectNode) node).set("owner", node.get("name"));
                return new StoredPayload("Opened", 2, node);
            }
        };
        run(EventSubscription.builder(group)
                .on(type, e -> {
                    if (e.event() instanceof Opened) {
                        opened.add(e);
                        correlationIds.add(MDC.get("correlationId"));
                    }
                })
                .build(), new EventCodec(List.of(renameOwner)));

        send("Vanished", 1, "{\"x\":1}", "c-vanished");
        send("Noted", 1, "{\"text\":\"nobody listens\"}", "c-noted");
        send("Opened", 1, "{\"name\":\"ann\"}", "c-ann");
        send("Opened", 2, "{\"owner\":\"bob\"}", "c-bob");

        await().atMost(Duration.ofSeconds(30)).until(() -> opened.size() == 2);
        assertThat(opened).extracting(e -> ((Opened) e.event()).owner()).containsExactly("ann", "bob");
        assertThat(opened).extracting(EventEnvelope::eventType).containsOnly("Opened");
        assertThat(opened).extracting(EventEnvelope::aggregateId).containsOnly(aggregateId);
        assertThat(opened).extracting(EventEnvelope::version).containsExactly(3, 4);
        assertThat(correlationIds).containsExactly("c-ann", "c-bob");
        assertThat(counter("eventstore.subscription.failures", group)).isZero();
        assertThat(counter("eventstore.subscription.dead-lettered", group)).isZero();
    }

    @Test
    void commitsTheOffsetOnlyAfterTheHandlerSucceeded() throws Exception {
        String group = "commit-" + Infra.suffix();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        run(EventSubscription.builder(group)
                .on(type, e -> {
                    entered.countDown();
                    if (!release.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("not released");
                    }
                })
                .build(), new EventCodec());

        RecordMetadata sent = send("Opened", 1, "{\"owner\":\"ann\"}", null);
        TopicPartition partition = new TopicPartition(sent.topic(), sent.partition());
        try (Admin admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, Infra.bootstrap()))) {
            assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(committed(admin, group, partition)).isNull();
            release.countDown();
            await().atMost(Duration.ofSeconds(20)).until(() -> committed(admin, group, partition) != null);
            assertThat(committed(admin, group, partition).offset()).isEqualTo(sent.offset() + 1);
        }
    }

    private static OffsetAndMetadata committed(Admin admin, String group, TopicPartition partition) throws Exception {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS)
                .get(partition);
    }
}
