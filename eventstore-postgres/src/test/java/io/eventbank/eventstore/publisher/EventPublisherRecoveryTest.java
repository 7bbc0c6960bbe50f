package io.eventbank.eventstore.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventbank.eventstore.testing.Infra;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** A publisher dies after Kafka acknowledged a batch but before its offset moved; a new one resumes. */
class EventPublisherRecoveryTest {

    @Test
    void resendsTheUnrecordedBatchAfterACrashBetweenAcknowledgementAndOffsetUpdate() throws Exception {
        try (PublisherFixture fixture = new PublisherFixture("Crash")) {
            List<UUID> aggregates = IntStream.range(0, 3).mapToObj(i -> UUID.randomUUID()).toList();
            List<UUID> events = fixture.append(aggregates, 25);
            AtomicInteger crashes = new AtomicInteger();
            EventPublisher crashing = fixture.publisher("crash", 10, new SimpleMeterRegistry(), batch -> {
                crashes.incrementAndGet();
                throw new IllegalStateException("simulated crash after acknowledgement, before the offset update");
            });
            crashing.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> crashes.get() >= 1);
            crashing.stop();
            assertThat(offsetPosition(fixture)).isZero();

            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            EventPublisher restarted = fixture.publisher("crash", 10, meters, batch -> { });
            restarted.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> PublisherFixture.published(meters, "crash") == 25);

            int expectedRecords = 25 + 10 * crashes.get();
            try (Infra.TopicReader reader = new Infra.TopicReader(fixture.type.topic())) {
                await().atMost(Duration.ofSeconds(20)).until(() -> reader.poll().size() >= expectedRecords);
                List<ConsumerRecord<String, String>> records = reader.poll();
                assertThat(records).hasSize(expectedRecords);
                Map<UUID, Long> copies = records.stream()
                        .collect(Collectors.groupingBy(r -> fixture.eventIdOf(r.value()), Collectors.counting()));
                assertThat(copies.keySet()).containsExactlyInAnyOrderElementsOf(events);
                Set<UUID> duplicated = copies.entrySet().stream().filter(e -> e.getValue() > 1)
                        .map(Map.Entry::getKey).collect(Collectors.toSet());
                assertThat(duplicated).containsExactlyInAnyOrderElementsOf(events.subList(0, 10));
                assertThat(copies.values().stream().mapToLong(Long::longValue).sum() - events.size())
                        .isEqualTo(10L * crashes.get());
            }
            assertThat(offsetPosition(fixture)).isEqualTo(maxPosition(fixture));
        }
    }

    @Test
    void resumesFromTheStoredOffsetWithoutRepublishing() throws Exception {
        try (PublisherFixture fixture = new PublisherFixture("Resume")) {
            List<UUID> aggregates = List.of(UUID.randomUUID(), UUID.randomUUID());
            SimpleMeterRegistry first = new SimpleMeterRegistry();
            EventPublisher publisher = fixture.publisher("resume", first);
            publisher.start();
            List<UUID> before = fixture.append(aggregates, 12);
            await().atMost(Duration.ofSeconds(20)).until(() -> PublisherFixture.published(first, "resume") == 12);
            publisher.stop();

            List<UUID> after = fixture.append(aggregates, 8);
            SimpleMeterRegistry second = new SimpleMeterRegistry();
            fixture.publisher("resume", second).start();
            await().atMost(Duration.ofSeconds(20)).until(() -> PublisherFixture.published(second, "resume") == 8);

            try (Infra.TopicReader reader = new Infra.TopicReader(fixture.type.topic())) {
                await().atMost(Duration.ofSeconds(20)).until(() -> reader.poll().size() >= 20);
                Map<UUID, Integer> seen = new HashMap<>();
                reader.poll().forEach(r -> seen.merge(fixture.eventIdOf(r.value()), 1, Integer::sum));
                assertThat(seen.keySet()).containsAll(before).containsAll(after).hasSize(20);
                assertThat(seen.values()).containsOnly(1);
            }
        }
    }

    private static long offsetPosition(PublisherFixture fixture) throws Exception {
        return single(fixture, "select coalesce((select last_position from es_publisher_offsets), 0)");
    }

    private static long maxPosition(PublisherFixture fixture) throws Exception {
        return single(fixture, "select max(position) from es_events");
    }

    private static long single(PublisherFixture fixture, String sql) throws Exception {
        try (Connection c = fixture.dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
