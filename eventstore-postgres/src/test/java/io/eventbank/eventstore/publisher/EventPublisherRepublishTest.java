package io.eventbank.eventstore.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventbank.eventstore.testing.Infra;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/** A stored event sent again is the record the outbox published, byte for byte, from any instance. */
class EventPublisherRepublishTest {

    @Test
    void republishesAStoredEventAsTheOutboxPublishedItAndNothingForAnUnknownOne() throws Exception {
        try (PublisherFixture fixture = new PublisherFixture("Again")) {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            EventPublisher leader = fixture.publisher("again", meters);
            leader.start();
            EventPublisher standby = fixture.publisher("again", new SimpleMeterRegistry());
            UUID aggregate = UUID.randomUUID();
            fixture.append(List.of(aggregate), 2);
            await().atMost(Duration.ofSeconds(20)).until(() -> PublisherFixture.published(meters, "again") == 2);

            assertThat(standby.isLeader()).isFalse();
            assertThat(standby.republish(aggregate, 1)).isTrue();
            assertThat(standby.republish(aggregate, 3)).isFalse();
            assertThat(standby.republish(UUID.randomUUID(), 1)).isFalse();

            try (Infra.TopicReader reader = new Infra.TopicReader(fixture.type.topic())) {
                await().atMost(Duration.ofSeconds(20)).until(() -> reader.poll().size() >= 3);
                List<ConsumerRecord<String, String>> records = reader.poll();
                assertThat(records).hasSize(3);
                ConsumerRecord<String, String> first = records.get(0);
                ConsumerRecord<String, String> copy = records.get(2);
                assertThat(copy.key()).isEqualTo(first.key()).isEqualTo(aggregate.toString());
                assertThat(copy.value()).isEqualTo(first.value());
                assertThat(headers(copy)).isEqualTo(headers(first)).isNotEmpty();
                assertThat(fixture.eventIdOf(records.get(1).value())).isNotEqualTo(fixture.eventIdOf(copy.value()));
            }
        }
    }

    private static List<String> headers(ConsumerRecord<String, String> record) {
        return java.util.Arrays.stream(record.headers().toArray())
                .map((Header h) -> h.key() + "=" + new String(h.value(), java.nio.charset.StandardCharsets.UTF_8)).toList();
    }
}
