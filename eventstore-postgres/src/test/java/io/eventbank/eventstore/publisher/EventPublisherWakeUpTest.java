package io.eventbank.eventstore.publisher;

import static io.eventbank.eventstore.testing.EventRows.insertEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventbank.eventstore.Aggregate;
import io.eventbank.eventstore.AggregateType;
import io.eventbank.eventstore.AppendOptions;
import io.eventbank.eventstore.EntityIdAndVersion;
import io.eventbank.eventstore.EventMetadata;
import io.eventbank.eventstore.envelope.EventRecordFormat;
import io.eventbank.eventstore.envelope.EventRecordFormat.PublishedEvent;
import io.eventbank.eventstore.jdbc.JdbcEventStore;
import io.eventbank.eventstore.testing.Infra;
import io.eventbank.eventstore.testing.TestEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * What wakes the leader: a commit of a store in the same process (no NOTIFY, no poll), a NOTIFY from
 * another process, or the poll; and what it sends: the stored payload text as it is.
 */
class EventPublisherWakeUpTest {

    /** Longer than any wait below: a test that passes was not woken by the poll. */
    private static final Duration NO_POLL = Duration.ofMinutes(5);
    private static final Duration SOON = Duration.ofSeconds(10);

    record Notes(int count) implements Aggregate<Notes, TestEvent> {
        @Override
        public Notes apply(TestEvent event) {
            return new Notes(count + 1);
        }
    }

    @Test
    void aStoreInTheSameProcessWakesThePublisherAfterCommitWithoutNotify() throws Exception {
        try (PublisherFixture fixture = new PublisherFixture("Local");
             JdbcEventStore store = new JdbcEventStore(fixture.dataSource, fixture.codec,
                     JdbcEventStore.Options.defaults().withNotifyOnAppend(false))) {
            AggregateType<Notes, TestEvent> type = AggregateType.of(fixture.type, Notes.class, new Notes(0));
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            EventPublisher publisher = started(fixture, "local", NO_POLL, meters);
            store.addCommitListener(publisher::wakeUp);

            EntityIdAndVersion saved = store.save(type, List.of(new TestEvent.Noted("auto-commit")), AppendOptions.none());
            await().atMost(SOON).until(() -> PublisherFixture.published(meters, "local") == 1);

            // with a triggering message id the append runs in a transaction: woken after its commit
            store.updateIdempotent(type, saved, List.of(new TestEvent.Noted("in a transaction")),
                    AppendOptions.none().withTriggeringMessageId("m-1"));
            await().atMost(SOON).until(() -> PublisherFixture.published(meters, "local") == 2);
            publisher.stop();
        }
    }

    @Test
    void aNotifyFromAnotherProcessWakesThePublisher() throws Exception {
        try (PublisherFixture fixture = new PublisherFixture("Remote");
             JdbcEventStore otherProcess = new JdbcEventStore(fixture.dataSource, fixture.codec,
                     JdbcEventStore.Options.defaults())) {
            AggregateType<Notes, TestEvent> type = AggregateType.of(fixture.type, Notes.class, new Notes(0));
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            EventPublisher publisher = started(fixture, "remote", NO_POLL, meters);

            otherProcess.save(type, List.of(new TestEvent.Noted("elsewhere")), AppendOptions.none());
            await().atMost(SOON).until(() -> PublisherFixture.published(meters, "remote") == 1);
            fixture.append(List.of(UUID.randomUUID()), 3);
            await().atMost(SOON).until(() -> PublisherFixture.published(meters, "remote") == 4);
            publisher.stop();
        }
    }

    @Test
    void eventsHeldBackByATransactionThatWakesNobodyGoOutWhenItEndsNotAtThePoll() throws Exception {
        try (PublisherFixture fixture = new PublisherFixture("HeldBack");
             JdbcEventStore store = new JdbcEventStore(fixture.dataSource, fixture.codec,
                     JdbcEventStore.Options.defaults().withNotifyOnAppend(false))) {
            AggregateType<Notes, TestEvent> type = AggregateType.of(fixture.type, Notes.class, new Notes(0));
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            EventPublisher publisher = started(fixture, "held", NO_POLL, meters);
            store.addCommitListener(publisher::wakeUp);

            try (Connection blocker = fixture.dataSource.getConnection()) {
                // an older transaction with an xid that appends no event (like a subscription writing
                // only its position, or any transaction of another database of the cluster)
                blocker.setAutoCommit(false);
                try (PreparedStatement ps = blocker.prepareStatement("select pg_current_xact_id()")) {
                    ps.executeQuery().close();
                }
                store.save(type, List.of(new TestEvent.Noted("behind the blocker")), AppendOptions.none());
                await().during(Duration.ofMillis(300)).atMost(SOON)
                        .until(() -> PublisherFixture.published(meters, "held") == 0);
                blocker.commit();
            }
            await().atMost(SOON).until(() -> PublisherFixture.published(meters, "held") == 1);
            publisher.stop();
        }
    }

    @Test
    void thePollPublishesWhatNothingAnnounced() throws Exception {
        try (PublisherFixture fixture = new PublisherFixture("Poll")) {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            EventPublisher publisher = started(fixture, "poll", Duration.ofMillis(200), meters);

            insertCommitted(fixture, UUID.randomUUID(), "{\"text\": \"quiet\"}", "{}");
            await().atMost(SOON).until(() -> PublisherFixture.published(meters, "poll") == 1);
            publisher.stop();
        }
    }

    @Test
    void sendsTheStoredPayloadTextAndTheMetadataTheEnvelopeCarries() throws Exception {
        try (PublisherFixture fixture = new PublisherFixture("Verbatim")) {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            EventPublisher publisher = started(fixture, "verbatim", Duration.ofMillis(50), meters);
            UUID full = insertCommitted(fixture, UUID.randomUUID(),
                    "{\"amount\": 195.10, \"big\": 123456789012345678901234567890.25, \"memo\": \"caf\u00e9 \\\"x\\\"\"}",
                    "{\"correlationId\": \"corr\", \"causationId\": \"cause\", \"schemaVersion\": 3,"
                            + " \"extra\": {\"k\": \"v\"}, \"unknown\": true}");
            UUID bare = insertCommitted(fixture, UUID.randomUUID(), "{\"text\": \"bare\"}", "{}");
            UUID odd = insertCommitted(fixture, UUID.randomUUID(), "[1, 2]",
                    "{\"schemaVersion\": \"2\", \"extra\": [1]}");
            await().atMost(SOON).until(() -> PublisherFixture.published(meters, "verbatim") == 3);
            publisher.stop();

            Map<UUID, ConsumerRecord<String, String>> records = new HashMap<>();
            try (Infra.TopicReader reader = new Infra.TopicReader(fixture.type.topic())) {
                await().atMost(SOON).until(() -> reader.poll().size() >= 3);
                reader.poll().forEach(r -> records.put(fixture.eventIdOf(r.value()), r));
            }
            for (UUID eventId : List.of(full, bare, odd)) {
                assertThat(records.get(eventId).value()).endsWith(",\"payload\":" + storedPayload(fixture, eventId) + "}");
            }

            ConsumerRecord<String, String> record = records.get(full);
            PublishedEvent event = EventRecordFormat.read(fixture.codec.mapper(), record.value());
            assertThat(event.metadata()).isEqualTo(new EventMetadata("corr", "cause", Map.of("k", "v")));
            assertThat(event.schemaVersion()).isEqualTo(3);
            assertThat(event.payload().get("memo").asString()).isEqualTo("caf\u00e9 \"x\"");
            assertThat(event.eventType()).isEqualTo("Noted");
            assertThat(event.version()).isEqualTo(1);
            assertThat(event.position()).isPositive();
            assertThat(record.key()).isEqualTo(event.aggregateId().toString());
            assertThat(new String(record.headers().lastHeader(EventRecordFormat.CORRELATION_ID).value(),
                    StandardCharsets.UTF_8)).isEqualTo("corr");

            PublishedEvent bareEvent = EventRecordFormat.read(fixture.codec.mapper(), records.get(bare).value());
            assertThat(bareEvent.metadata()).isEqualTo(EventMetadata.EMPTY);
            assertThat(bareEvent.schemaVersion()).isEqualTo(1);
            assertThat(records.get(bare).headers().lastHeader(EventRecordFormat.CORRELATION_ID)).isNull();

            PublishedEvent oddEvent = EventRecordFormat.read(fixture.codec.mapper(), records.get(odd).value());
            assertThat(oddEvent.metadata()).isEqualTo(EventMetadata.EMPTY);
            assertThat(oddEvent.schemaVersion()).isEqualTo(1);
        }
    }

    @Test
    void theStoredTraceContextBecomesTheTraceparentHeaderAndStaysInTheMetadata() throws Exception {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        try (PublisherFixture fixture = new PublisherFixture("Traced")) {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            EventPublisher publisher = started(fixture, "traced", Duration.ofMillis(50), meters);
            UUID traced = insertCommitted(fixture, UUID.randomUUID(), "{\"text\": \"traced\"}",
                    "{\"correlationId\": \"corr\", \"extra\": {\"traceparent\": \"" + traceparent + "\"}}");
            UUID untraced = insertCommitted(fixture, UUID.randomUUID(), "{\"text\": \"untraced\"}",
                    "{\"correlationId\": \"corr\"}");
            await().atMost(SOON).until(() -> PublisherFixture.published(meters, "traced") == 2);
            publisher.stop();

            Map<UUID, ConsumerRecord<String, String>> records = new HashMap<>();
            try (Infra.TopicReader reader = new Infra.TopicReader(fixture.type.topic())) {
                await().atMost(SOON).until(() -> reader.poll().size() >= 2);
                reader.poll().forEach(r -> records.put(fixture.eventIdOf(r.value()), r));
            }
            ConsumerRecord<String, String> record = records.get(traced);
            assertThat(new String(record.headers().lastHeader(EventRecordFormat.TRACEPARENT).value(),
                    StandardCharsets.UTF_8)).isEqualTo(traceparent);
            assertThat(EventRecordFormat.read(fixture.codec.mapper(), record.value()).metadata().traceparent())
                    .isEqualTo(traceparent);
            assertThat(records.get(untraced).headers().lastHeader(EventRecordFormat.TRACEPARENT)).isNull();
        }
    }

    private static EventPublisher started(PublisherFixture fixture, String id, Duration poll,
                                          SimpleMeterRegistry meters) {
        EventPublisher publisher = new EventPublisher(fixture.dataSource, fixture.template, fixture.codec.mapper(),
                new EventPublisher.Settings(id, poll, 100), meters);
        publisher.start();
        // after its first round the leader waits for a wake-up
        await().atMost(SOON).until(() -> publisher.isLeader() && publisher.rounds() >= 1);
        return publisher;
    }

    /** Inserts and commits one event without NOTIFY. */
    private static UUID insertCommitted(PublisherFixture fixture, UUID aggregateId, String payload, String metadata)
            throws Exception {
        UUID eventId = UUID.randomUUID();
        try (Connection c = fixture.dataSource.getConnection()) {
            c.setAutoCommit(false);
            insertEvent(c, fixture.type.aggregateType(), eventId, aggregateId, 1, "Noted", payload, metadata);
            c.commit();
        }
        return eventId;
    }

    private static String storedPayload(PublisherFixture fixture, UUID eventId) throws Exception {
        try (Connection c = fixture.dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select payload::text from es_events where event_id = ?")) {
            ps.setObject(1, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
