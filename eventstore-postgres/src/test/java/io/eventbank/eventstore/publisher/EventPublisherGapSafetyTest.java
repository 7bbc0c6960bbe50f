package io.eventbank.eventstore.publisher;

import static io.eventbank.eventstore.testing.EventRows.insertEvent;
import static io.eventbank.eventstore.testing.EventRows.notifyAndCommit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventbank.eventstore.AggregateEvents;
import io.eventbank.eventstore.kafka.autoconfigure.EventKafkaClients;
import io.eventbank.eventstore.json.EventCodec;
import io.eventbank.eventstore.testing.Infra;
import io.eventbank.eventstore.testing.TestEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Transactions commit in another order than their positions, some roll back, while one publisher
 * runs throughout: every committed event must reach Kafka once, per-aggregate in version order,
 * and no rolled-back one ever.
 */
class EventPublisherGapSafetyTest {

    private static final Logger log = LoggerFactory.getLogger(EventPublisherGapSafetyTest.class);
    private static final int TRIALS = 250;
    private static final int CONNECTIONS = 6;
    private static final int AGGREGATES = 16;

    private final EventCodec codec = new EventCodec();

    private record Tx(int connection, UUID aggregateId, int firstVersion, int events, List<UUID> eventIds,
                      List<Long> positions) {
    }

    @Test
    void publishesEveryCommittedEventOnceAndInOrderWhenLowerPositionsCommitLater() throws Exception {
        long seed = new Random().nextLong();
        log.info("gap-safety seed {}", seed);
        Random random = new Random(seed);
        AggregateEvents<TestEvent> type = TestEvent.uniqueType("Gap");
        Infra.createTopics(type, 3, 1);
        DataSource dataSource = Infra.dataSource(Infra.migratedDatabase("gap"));
        KafkaTemplate<String, String> template = EventKafkaClients.template(Infra.kafkaConfig());
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        EventPublisher publisher = new EventPublisher(dataSource, template, codec.mapper(),
                new EventPublisher.Settings("gap", Duration.ofMillis(20), 7), meters);

        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            Connection c = dataSource.getConnection();
            c.setAutoCommit(false);
            connections.add(c);
        }
        List<UUID> aggregates = IntStream.range(0, AGGREGATES).mapToObj(i -> UUID.randomUUID()).toList();
        Map<UUID, Integer> committedVersion = new HashMap<>();
        Map<UUID, List<UUID>> expectedPerAggregate = new HashMap<>();
        Set<UUID> rolledBack = new HashSet<>();
        int lateLowerCommits = 0;
        int observedWhileOpen = 0;

        publisher.start();
        try {
            for (int trial = 0; trial < TRIALS; trial++) {
                int k = 2 + random.nextInt(CONNECTIONS - 1);
                List<UUID> picked = new ArrayList<>(aggregates);
                Collections.shuffle(picked, random);
                List<Tx> txs = new ArrayList<>();
                List<Integer> tokens = new ArrayList<>();
                for (int i = 0; i < k; i++) {
                    UUID aggregate = picked.get(i);
                    int events = 1 + random.nextInt(3);
                    txs.add(new Tx(i, aggregate, committedVersion.getOrDefault(aggregate, 0) + 1, events,
                            new ArrayList<>(), new ArrayList<>()));
                    for (int e = 0; e < events; e++) {
                        tokens.add(i);
                    }
                }
                Collections.shuffle(tokens, random);
                for (int i : tokens) {
                    Tx tx = txs.get(i);
                    UUID eventId = UUID.randomUUID();
                    long position = insertEvent(connections.get(tx.connection()), type.aggregateType(), eventId,
                            tx.aggregateId(), tx.firstVersion() + tx.eventIds().size(), "Noted",
                            "{\"text\":\"" + eventId + "\"}", "{\"correlationId\":\"trial-" + trial + "\"}");
                    tx.eventIds().add(eventId);
                    tx.positions().add(position);
                }
                // the transaction holding the lowest position finishes last
                List<Tx> order = new ArrayList<>(txs);
                Collections.shuffle(order, random);
                Tx lowest = txs.stream().min((a, b) -> Long.compare(a.positions().getFirst(), b.positions().getFirst()))
                        .orElseThrow();
                order.remove(lowest);
                order.add(lowest);
                for (int i = 0; i < order.size(); i++) {
                    Tx tx = order.get(i);
                    Connection c = connections.get(tx.connection());
                    boolean rollback = random.nextInt(4) == 0;
                    if (rollback) {
                        c.rollback();
                        rolledBack.addAll(tx.eventIds());
                    } else {
                        notifyAndCommit(c);
                        committedVersion.put(tx.aggregateId(), tx.firstVersion() + tx.events() - 1);
                        expectedPerAggregate.computeIfAbsent(tx.aggregateId(), a -> new ArrayList<>())
                                .addAll(tx.eventIds());
                        if (tx == lowest) {
                            lateLowerCommits++;
                        }
                    }
                    if (i == 0 && order.size() > 1 && random.nextBoolean()) {
                        // let the publisher read at least once while the lowest position is still in flight
                        long seen = publisher.rounds();
                        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(2))
                                .until(() -> publisher.rounds() >= seen + 2);
                        observedWhileOpen++;
                    }
                }
            }
            int expectedCount = expectedPerAggregate.values().stream().mapToInt(List::size).sum();
            log.info("{} trials: {} events committed, {} rolled back, {} late lower-position commits, "
                            + "{} reads while a lower position was in flight",
                    TRIALS, expectedCount, rolledBack.size(), lateLowerCommits, observedWhileOpen);
            assertThat(lateLowerCommits).isGreaterThan(TRIALS / 2);
            assertThat(observedWhileOpen).isGreaterThan(TRIALS / 4);
            assertThat(rolledBack).isNotEmpty();

            try (Infra.TopicReader reader = new Infra.TopicReader(type.topic())) {
                await().atMost(Duration.ofSeconds(20)).until(() -> reader.poll().size() >= expectedCount
                        && meters.counter("eventstore.publisher.published", "publisher", "gap").count() >= expectedCount);
                List<ConsumerRecord<String, String>> records = reader.poll();
                Map<UUID, List<UUID>> publishedPerAggregate = new HashMap<>();
                Map<UUID, List<Integer>> versionsPerAggregate = new HashMap<>();
                for (ConsumerRecord<String, String> record : records) {
                    JsonNode envelope = codec.mapper().readTree(record.value());
                    UUID aggregateId = UUID.fromString(envelope.get("aggregateId").asString());
                    assertThat(record.key()).isEqualTo(aggregateId.toString());
                    publishedPerAggregate.computeIfAbsent(aggregateId, a -> new ArrayList<>())
                            .add(UUID.fromString(envelope.get("eventId").asString()));
                    versionsPerAggregate.computeIfAbsent(aggregateId, a -> new ArrayList<>())
                            .add(envelope.get("version").asInt());
                }
                assertThat(publishedPerAggregate).isEqualTo(expectedPerAggregate);
                versionsPerAggregate.forEach((aggregate, versions) -> assertThat(versions)
                        .as("versions of %s", aggregate)
                        .isEqualTo(IntStream.rangeClosed(1, versions.size()).boxed().toList()));
                assertThat(publishedPerAggregate.values().stream().flatMap(List::stream))
                        .doesNotContainAnyElementsOf(rolledBack);
            }
        } finally {
            publisher.stop();
            for (Connection c : connections) {
                c.close();
            }
            template.getProducerFactory().reset();
        }
    }
}
