package io.eventbank.eventstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.eventbank.eventstore.AppendOptions;
import io.eventbank.eventstore.EntityIdAndVersion;
import io.eventbank.eventstore.EntityNotFoundException;
import io.eventbank.eventstore.EventEnvelope;
import io.eventbank.eventstore.OptimisticLockingException;
import io.eventbank.eventstore.jdbc.Ledger.AmountDeposited;
import io.eventbank.eventstore.jdbc.Ledger.AmountWithdrawn;
import io.eventbank.eventstore.jdbc.Ledger.Event;
import io.eventbank.eventstore.jdbc.Ledger.LedgerOpened;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

class JdbcEventStoreTest {

    private static HikariDataSource dataSource;
    private static JdbcTemplate jdbc;
    private static SimpleMeterRegistry meters;
    private static JdbcEventStore store;

    @BeforeAll
    static void setUp() {
        dataSource = TestDatabase.create("es_store_basics", 4);
        jdbc = new JdbcTemplate(dataSource);
        meters = new SimpleMeterRegistry();
        store = new JdbcEventStore(dataSource, new DataSourceTransactionManager(dataSource), TestDatabase.codec(),
                JdbcEventStore.Options.defaults(), meters);
    }

    @AfterAll
    static void tearDown() {
        dataSource.close();
    }

    private static AmountDeposited deposit(String amount) {
        return new AmountDeposited(new BigDecimal(amount), "memo " + amount);
    }

    @Test
    void savesEventsWithConsecutiveVersionsAndMetadata() {
        AppendOptions options = AppendOptions.none().withCorrelationId("corr-1").withCausationId("cause-1")
                .withExtra(Map.of("user", "alice"));
        EntityIdAndVersion saved = store.save(Ledger.TYPE,
                List.of(new LedgerOpened("alice"), deposit("195.00"), deposit("0.50")), options);

        assertThat(saved.version()).isEqualTo(3);
        List<Map<String, Object>> rows = jdbc.queryForList("select version, event_type, aggregate_type,"
                + " metadata::text as metadata, payload::text as payload from es_events where aggregate_id = ?"
                + " order by version", saved.id());
        assertThat(rows).extracting(r -> r.get("version")).containsExactly(1, 2, 3);
        assertThat(rows).extracting(r -> r.get("event_type"))
                .containsExactly("LedgerOpened", "AmountDeposited", "AmountDeposited");
        assertThat(rows).extracting(r -> r.get("aggregate_type")).containsOnly("Ledger");
        JsonNode opened = TestDatabase.codec().mapper().readTree((String) rows.get(0).get("metadata"));
        assertThat(opened.get("correlationId").asString()).isEqualTo("corr-1");
        assertThat(opened.get("causationId").asString()).isEqualTo("cause-1");
        assertThat(opened.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(opened.get("extra").get("user").asString()).isEqualTo("alice");
        JsonNode deposited = TestDatabase.codec().mapper().readTree((String) rows.get(1).get("metadata"));
        assertThat(deposited.get("schemaVersion").asInt())
                .as("AmountDeposited is at schema version 2 after the MoneyDeposited upcaster").isEqualTo(2);
        assertThat((String) rows.get(1).get("payload")).contains("\"amount\": \"195.00\"");

        var found = store.find(Ledger.TYPE, saved.id());
        assertThat(found.version()).isEqualTo(3);
        assertThat(found.aggregate()).isEqualTo(new Ledger("alice", new BigDecimal("195.50"), 3, "memo 0.50"));
        assertThat(meters.counter("eventstore.events.appended", "aggregate.type", "Ledger").count())
                .isGreaterThanOrEqualTo(3);
        assertThat(meters.timer("eventstore.append", "aggregate.type", "Ledger").count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void storesALongAppendInVersionOrderInOneTransaction() {
        List<Event> events = new ArrayList<>();
        events.add(new LedgerOpened("long"));
        for (int i = 1; i < 20; i++) {
            events.add(deposit(i + ".00"));
        }
        EntityIdAndVersion saved = store.save(Ledger.TYPE, events, AppendOptions.none());
        EntityIdAndVersion updated = store.update(Ledger.TYPE, saved, events.subList(1, 18), AppendOptions.none());

        assertThat(updated.version()).isEqualTo(37);
        List<Map<String, Object>> rows = jdbc.queryForList("select version, position, tx_id::text as tx"
                + " from es_events where aggregate_id = ? order by position", saved.id());
        assertThat(rows).extracting(r -> r.get("version"))
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 37).boxed().toList());
        assertThat(rows.subList(0, 20)).extracting(r -> r.get("tx")).containsOnly(rows.getFirst().get("tx"));
        assertThat(rows.subList(20, 37)).extracting(r -> r.get("tx")).containsOnly(rows.get(20).get("tx"));
        assertThat(rows.get(20).get("tx")).isNotEqualTo(rows.getFirst().get("tx"));
    }

    @Test
    void appendsJoinAnOuterTransactionAndRollBackWithIt() {
        TransactionTemplate outer = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        UUID committed = outer.execute(status -> {
            EntityIdAndVersion saved = store.save(Ledger.TYPE, List.of(new LedgerOpened("outer")),
                    AppendOptions.none());
            store.update(Ledger.TYPE, saved, List.of(deposit("5.00")), AppendOptions.none());
            return saved.id();
        });
        assertThat(jdbc.queryForObject("select count(distinct tx_id) from es_events where aggregate_id = ?",
                Integer.class, committed)).isEqualTo(1);
        assertThat(countEvents(committed)).isEqualTo(2);

        UUID rolledBack = UUID.randomUUID();
        assertThatThrownBy(() -> outer.executeWithoutResult(status -> {
            EntityIdAndVersion saved = store.save(Ledger.TYPE, List.of(new LedgerOpened("undone")),
                    AppendOptions.none().withAssignedId(rolledBack));
            store.update(Ledger.TYPE, saved, List.of(deposit("5.00")), AppendOptions.none());
            throw new IllegalStateException("caller fails after appending");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(countEvents(rolledBack)).isZero();
    }

    @Test
    void commitsStandaloneAppendsAndTheirNotificationOnAPoolWithoutAutoCommit() throws Exception {
        try (HikariDataSource manual = TestDatabase.withoutAutoCommit(dataSource);
             JdbcEventStore onManual = new JdbcEventStore(manual, TestDatabase.codec(),
                     JdbcEventStore.Options.defaults());
             Connection listener = dataSource.getConnection()) {
            try (var statement = listener.createStatement()) {
                statement.execute("listen " + JdbcEventStore.NOTIFY_CHANNEL);
            }
            PGConnection pg = listener.unwrap(PGConnection.class);
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(10)).until(() -> noNotification(pg));

            EntityIdAndVersion saved = onManual.save(Ledger.TYPE, List.of(new LedgerOpened("manual")),
                    AppendOptions.none());
            onManual.update(Ledger.TYPE, saved, List.of(deposit("1.00"), deposit("2.00")), AppendOptions.none());
            assertThatThrownBy(() -> onManual.update(Ledger.TYPE, saved, List.of(deposit("9.00")),
                    AppendOptions.none())).isInstanceOf(OptimisticLockingException.class);
            onManual.update(Ledger.TYPE, new EntityIdAndVersion(saved.id(), 3), List.of(deposit("3.00")),
                    AppendOptions.none());

            assertThat(countEvents(saved.id())).as("seen from another pool's connection").isEqualTo(4);
            await().atMost(Duration.ofSeconds(10)).until(() -> !noNotification(pg));
        }
    }

    @Test
    void rejectsStaleExpectedVersionAndAppendsNothing() {
        EntityIdAndVersion saved = store.save(Ledger.TYPE, List.of(new LedgerOpened("bob")), AppendOptions.none());
        store.update(Ledger.TYPE, saved, List.of(deposit("10.00")), AppendOptions.none());
        double conflictsBefore = meters.counter("eventstore.conflicts", "aggregate.type", "Ledger").count();

        assertThatThrownBy(() -> store.update(Ledger.TYPE, saved, List.of(deposit("1.00"), deposit("2.00")),
                AppendOptions.none()))
                .isInstanceOf(OptimisticLockingException.class)
                .satisfies(e -> assertThat(((OptimisticLockingException) e).expectedVersion()).isEqualTo(1));

        assertThat(countEvents(saved.id())).isEqualTo(2);
        assertThat(store.find(Ledger.TYPE, saved.id()).aggregate().balance()).isEqualByComparingTo("10.00");
        assertThat(meters.counter("eventstore.conflicts", "aggregate.type", "Ledger").count())
                .isEqualTo(conflictsBefore + 1);
    }

    @Test
    void rejectsExpectedVersionBeyondTheStoredOneInsteadOfLeavingAGap() {
        EntityIdAndVersion saved = store.save(Ledger.TYPE, List.of(new LedgerOpened("gap")), AppendOptions.none());

        assertThatThrownBy(() -> store.update(Ledger.TYPE, new EntityIdAndVersion(saved.id(), 5),
                List.of(deposit("1.00")), AppendOptions.none()))
                .isInstanceOf(OptimisticLockingException.class);
        assertThatThrownBy(() -> store.update(Ledger.TYPE, new EntityIdAndVersion(UUID.randomUUID(), 0),
                List.of(deposit("1.00")), AppendOptions.none()))
                .isInstanceOf(OptimisticLockingException.class);

        assertThat(countEvents(saved.id())).isEqualTo(1);
    }

    @Test
    void rejectsSaveWithAnAssignedIdThatExists() {
        UUID id = UUID.randomUUID();
        store.save(Ledger.TYPE, List.of(new LedgerOpened("first")), AppendOptions.none().withAssignedId(id));

        assertThatThrownBy(() -> store.save(Ledger.TYPE, List.of(new LedgerOpened("second"), deposit("1.00")),
                AppendOptions.none().withAssignedId(id)))
                .isInstanceOf(OptimisticLockingException.class);

        assertThat(countEvents(id)).isEqualTo(1);
        assertThat(store.find(Ledger.TYPE, id).aggregate().owner()).isEqualTo("first");
    }

    @Test
    void findsNothingForAnUnknownIdOrAnotherAggregateType() {
        UUID unknown = UUID.randomUUID();
        assertThat(store.findOptional(Ledger.TYPE, unknown)).isEmpty();
        assertThatThrownBy(() -> store.find(Ledger.TYPE, unknown)).isInstanceOf(EntityNotFoundException.class);

        UUID other = UUID.randomUUID();
        jdbc.update("insert into es_events (event_id, aggregate_type, aggregate_id, version, event_type, payload)"
                + " values (?, 'Other', ?, 1, 'LedgerOpened', '{}')", UUID.randomUUID(), other);
        assertThat(store.findOptional(Ledger.TYPE, other)).isEmpty();
    }

    @Test
    void readsStateAtAVersionAndAsOfAnInstant() {
        EntityIdAndVersion v1 = store.save(Ledger.TYPE, List.of(new LedgerOpened("carol")), AppendOptions.none());
        EntityIdAndVersion v2 = store.update(Ledger.TYPE, v1, List.of(deposit("100.00")), AppendOptions.none());
        EntityIdAndVersion v3 = store.update(Ledger.TYPE, v2, List.of(new AmountWithdrawn(new BigDecimal("30.00"))),
                AppendOptions.none());
        store.update(Ledger.TYPE, v3, List.of(deposit("5.00")), AppendOptions.none());
        // pin occurred_at so the instants are exact
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        for (int version = 1; version <= 4; version++) {
            jdbc.update("update es_events set occurred_at = ? where aggregate_id = ? and version = ?",
                    Timestamp.from(t0.plusSeconds(60L * version)), v1.id(), version);
        }

        assertThat(store.findAtVersion(Ledger.TYPE, v1.id(), 2)).get()
                .satisfies(s -> {
                    assertThat(s.version()).isEqualTo(2);
                    assertThat(s.aggregate().balance()).isEqualByComparingTo("100.00");
                });
        assertThat(store.findAtVersion(Ledger.TYPE, v1.id(), 3).orElseThrow().aggregate().balance())
                .isEqualByComparingTo("70.00");
        assertThat(store.findAtVersion(Ledger.TYPE, v1.id(), 5)).isEmpty();
        assertThat(store.findAtVersion(Ledger.TYPE, v1.id(), 0)).isEmpty();

        assertThat(store.findAsOf(Ledger.TYPE, v1.id(), t0)).isEmpty();
        assertThat(store.findAsOf(Ledger.TYPE, v1.id(), t0.plusSeconds(60)).orElseThrow().version()).isEqualTo(1);
        var asOf = store.findAsOf(Ledger.TYPE, v1.id(), t0.plusSeconds(190)).orElseThrow();
        assertThat(asOf.version()).isEqualTo(3);
        assertThat(asOf.aggregate().balance()).isEqualByComparingTo("70.00");
        assertThat(store.findAsOf(Ledger.TYPE, v1.id(), t0.plusSeconds(3600)).orElseThrow().version()).isEqualTo(4);
    }

    @Test
    void pagesThroughHistoryWithMetadata() {
        List<Event> events = new ArrayList<>();
        events.add(new LedgerOpened("dave"));
        for (int i = 1; i <= 24; i++) {
            events.add(deposit(i + ".00"));
        }
        EntityIdAndVersion saved = store.save(Ledger.TYPE, events,
                AppendOptions.none().withCorrelationId("c-42").withExtra(Map.of("k", "v")));

        List<EventEnvelope<Event>> all = new ArrayList<>();
        int from = 1;
        List<EventEnvelope<Event>> page;
        int pages = 0;
        do {
            page = store.history(Ledger.TYPE, saved.id(), from, 10);
            all.addAll(page);
            if (!page.isEmpty()) {
                from = page.getLast().version() + 1;
            }
            pages++;
        } while (page.size() == 10);

        assertThat(pages).isEqualTo(3);
        assertThat(all).extracting(EventEnvelope::version)
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 25).boxed().toList());
        assertThat(all).extracting(EventEnvelope::event).containsExactlyElementsOf(events);
        EventEnvelope<Event> first = all.getFirst();
        assertThat(first.aggregateType()).isEqualTo("Ledger");
        assertThat(first.aggregateId()).isEqualTo(saved.id());
        assertThat(first.eventType()).isEqualTo("LedgerOpened");
        assertThat(first.eventId()).isNotNull();
        assertThat(first.occurredAt()).isNotNull();
        assertThat(first.metadata().correlationId()).isEqualTo("c-42");
        assertThat(first.metadata().causationId()).isNull();
        assertThat(first.metadata().extra()).isEqualTo(Map.of("k", "v"));
        assertThat(all).extracting(EventEnvelope::position).isSorted().doesNotHaveDuplicates();
        assertThat(store.history(Ledger.TYPE, saved.id(), 26, 10)).isEmpty();
    }

    @Test
    void notifiesTheChannelAfterCommitOnlyWhenSwitchedOn() throws Exception {
        JdbcEventStore silent = new JdbcEventStore(dataSource, TestDatabase.codec(),
                JdbcEventStore.Options.defaults().withNotifyOnAppend(false));
        try (Connection listener = dataSource.getConnection()) {
            listener.setAutoCommit(true);
            try (var statement = listener.createStatement()) {
                statement.execute("listen " + JdbcEventStore.NOTIFY_CHANNEL);
            }
            PGConnection pg = listener.unwrap(PGConnection.class);
            // wake-ups of earlier tests' appends may still be on their way: wait for quiet
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(10))
                    .until(() -> noNotification(pg));

            EntityIdAndVersion saved = silent.save(Ledger.TYPE, List.of(new LedgerOpened("quiet")), AppendOptions.none());
            silent.update(Ledger.TYPE, saved, List.of(deposit("1.00")), AppendOptions.none());
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(10))
                    .until(() -> noNotification(pg));

            store.update(Ledger.TYPE, new EntityIdAndVersion(saved.id(), 2), List.of(deposit("2.00"), deposit("3.00")),
                    AppendOptions.none());
            List<PGNotification> received = new ArrayList<>();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                PGNotification[] batch = pg.getNotifications(100);
                if (batch != null) {
                    received.addAll(List.of(batch));
                }
                return !received.isEmpty();
            });
            assertThat(received.getFirst().getName()).isEqualTo(JdbcEventStore.NOTIFY_CHANNEL);
            assertThat(received.getFirst().getParameter()).isEmpty();
        }
    }

    private static boolean noNotification(PGConnection pg) throws SQLException {
        PGNotification[] batch = pg.getNotifications(50);
        return batch == null || batch.length == 0;
    }

    private static int countEvents(UUID id) {
        return jdbc.queryForObject("select count(*) from es_events where aggregate_id = ?", Integer.class, id);
    }
}
