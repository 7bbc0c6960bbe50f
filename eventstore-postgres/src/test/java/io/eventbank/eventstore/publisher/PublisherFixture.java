package io.eventbank.eventstore.publisher;

import static io.eventbank.eventstore.testing.EventRows.insertEvent;
import static io.eventbank.eventstore.testing.EventRows.notifyAndCommit;

import io.eventbank.eventstore.AggregateEvents;
import io.eventbank.eventstore.kafka.autoconfigure.EventKafkaClients;
import io.eventbank.eventstore.json.EventCodec;
import io.eventbank.eventstore.testing.Infra;
import io.eventbank.eventstore.testing.TestEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.kafka.core.KafkaTemplate;

/** One database, one aggregate type with its topics, publishers on them. */
final class PublisherFixture implements AutoCloseable {

    final EventCodec codec = new EventCodec();
    final AggregateEvents<TestEvent> type;
    final String jdbcUrl;
    final DataSource dataSource;
    final KafkaTemplate<String, String> template = EventKafkaClients.template(Infra.kafkaConfig());
    private final List<EventPublisher> publishers = new ArrayList<>();
    private final Map<UUID, Integer> versions = new HashMap<>();

    PublisherFixture(String name) {
        type = TestEvent.uniqueType(name);
        Infra.createTopics(type, 2, 1);
        jdbcUrl = Infra.migratedDatabase(name.toLowerCase());
        dataSource = Infra.dataSource(jdbcUrl);
    }

    EventPublisher publisher(String id, int batchSize, MeterRegistry meters, EventPublisher.AfterAcknowledged hook) {
        EventPublisher publisher = new EventPublisher(dataSource, template, codec.mapper(),
                new EventPublisher.Settings(id, Duration.ofMillis(50), batchSize), meters, hook);
        publishers.add(publisher);
        return publisher;
    }

    EventPublisher publisher(String id, MeterRegistry meters) {
        return publisher(id, 100, meters, batch -> { });
    }

    static double published(SimpleMeterRegistry meters, String id) {
        return meters.counter("eventstore.publisher.published", "publisher", id).count();
    }

    /** Appends {@code count} events spread over {@code aggregates} aggregates in one committed transaction. */
    List<UUID> append(List<UUID> aggregates, int count) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            for (int i = 0; i < count; i++) {
                UUID aggregate = aggregates.get(i % aggregates.size());
                int version = versions.merge(aggregate, 1, Integer::sum);
                UUID eventId = UUID.randomUUID();
                insertEvent(c, type.aggregateType(), eventId, aggregate, version, "Noted",
                        "{\"text\":\"n" + i + "\"}", "{\"correlationId\":\"c-" + eventId + "\"}");
                ids.add(eventId);
            }
            notifyAndCommit(c);
        }
        return ids;
    }

    UUID eventIdOf(String recordValue) {
        return UUID.fromString(codec.mapper().readTree(recordValue).get("eventId").asString());
    }

    @Override
    public void close() {
        publishers.forEach(EventPublisher::stop);
        template.getProducerFactory().reset();
    }
}
