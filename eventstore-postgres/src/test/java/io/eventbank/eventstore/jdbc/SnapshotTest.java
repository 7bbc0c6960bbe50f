package io.eventbank.eventstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.eventbank.eventstore.AggregateType;
import io.eventbank.eventstore.AppendOptions;
import io.eventbank.eventstore.EntityIdAndVersion;
import io.eventbank.eventstore.jdbc.Ledger.AmountDeposited;
import io.eventbank.eventstore.jdbc.Ledger.Event;
import io.eventbank.eventstore.jdbc.Ledger.LedgerOpened;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

class SnapshotTest {

    private static HikariDataSource dataSource;
    private static JdbcTemplate jdbc;
    private static JdbcEventStore store;
    private static JdbcEventStore replayOnly;

    @BeforeAll
    static void setUp() {
        dataSource = TestDatabase.create("es_store_snapshots", 4);
        jdbc = new JdbcTemplate(dataSource);
        store = new JdbcEventStore(dataSource, TestDatabase.codec(), JdbcEventStore.Options.defaults());
        replayOnly = new JdbcEventStore(dataSource, TestDatabase.codec(),
                JdbcEventStore.Options.defaults().withSnapshotEvery(0));
    }

    @AfterAll
    static void tearDown() {
        dataSource.close();
    }

    /** A ledger with {@code count} events: opened, then deposits of 0.01, 0.02, ... */
    private static EntityIdAndVersion ledgerWith(int count) {
        List<Event> events = new ArrayList<>();
        events.add(new LedgerOpened("snap"));
        for (int i = 1; i < count; i++) {
            events.add(new AmountDeposited(BigDecimal.valueOf(i, 2), "d" + i));
        }
        return store.save(Ledger.TYPE, events, AppendOptions.none());
    }

    private static EntityIdAndVersion appendTail(EntityIdAndVersion at, int count) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(new AmountDeposited(new BigDecimal("1.00"), "tail" + i));
        }
        return store.update(Ledger.TYPE, at, events, AppendOptions.none());
    }

    private static Map<String, Object> snapshotRow(UUID id) {
        return jdbc.queryForMap("select version, schema_version, payload::text as payload from es_snapshots"
                + " where aggregate_id = ?", id);
    }

    private static int snapshotCount(UUID id) {
        return jdbc.queryForObject("select count(*) from es_snapshots where aggregate_id = ?", Integer.class, id);
    }

    @Test
    void loadsFromSnapshotPlusTailWithTheStateOfAFullReplay() {
        EntityIdAndVersion saved = ledgerWith(1000);
        assertThat(snapshotCount(saved.id())).as("appending writes no snapshot").isZero();

        var first = store.find(Ledger.TYPE, saved.id());
        assertThat(first.version()).isEqualTo(1000);
        assertThat(snapshotRow(saved.id())).containsEntry("version", 1000).containsEntry("schema_version", 1);

        EntityIdAndVersion tail = appendTail(saved, 37);
        var fromSnapshot = store.find(Ledger.TYPE, saved.id());
        var fullReplay = replayOnly.find(Ledger.TYPE, saved.id());
        assertThat(fromSnapshot.version()).isEqualTo(1037).isEqualTo(tail.version());
        assertThat(fromSnapshot.aggregate()).isEqualTo(fullReplay.aggregate());
        assertThat(fromSnapshot.aggregate().entries()).isEqualTo(1037);
        assertThat(snapshotRow(saved.id())).as("a 37-event tail is below the threshold")
                .containsEntry("version", 1000);

        // the snapshot is really what the load starts from: a marked state at version 1000 shows through
        Ledger marked = new Ledger("from-snapshot", first.aggregate().balance(), first.aggregate().entries(), "x");
        jdbc.update("update es_snapshots set payload = ?::jsonb where aggregate_id = ?",
                TestDatabase.codec().write(marked), saved.id());
        assertThat(store.find(Ledger.TYPE, saved.id()).aggregate().owner()).isEqualTo("from-snapshot");
        assertThat(replayOnly.find(Ledger.TYPE, saved.id()).aggregate().owner()).isEqualTo("snap");
    }

    @Test
    void replacesTheSnapshotOnceTheTailReachesTheThreshold() {
        EntityIdAndVersion saved = ledgerWith(150);
        store.find(Ledger.TYPE, saved.id());
        assertThat(snapshotRow(saved.id())).containsEntry("version", 150);

        appendTail(saved, 100);
        var found = store.find(Ledger.TYPE, saved.id());
        assertThat(found.version()).isEqualTo(250);
        assertThat(snapshotRow(saved.id())).containsEntry("version", 250);
        assertThat(found.aggregate()).isEqualTo(replayOnly.find(Ledger.TYPE, saved.id()).aggregate());
    }

    @Test
    void fallsBackToFullReplayWhenTheSnapshotIsCorrupt() {
        EntityIdAndVersion saved = ledgerWith(120);
        store.find(Ledger.TYPE, saved.id());
        jdbc.update("update es_snapshots set payload = '{\"balance\": {\"not\": \"money\"}, \"entries\": [1, 2]}'::jsonb"
                + " where aggregate_id = ?", saved.id());

        var found = store.find(Ledger.TYPE, saved.id());

        assertThat(found.version()).isEqualTo(120);
        assertThat(found.aggregate()).isEqualTo(replayOnly.find(Ledger.TYPE, saved.id()).aggregate());
        assertThat((String) snapshotRow(saved.id()).get("payload")).as("the unusable snapshot was rewritten")
                .contains("\"owner\": \"snap\"");
    }

    @Test
    void ignoresASnapshotOfAnotherSchemaVersion() {
        EntityIdAndVersion saved = ledgerWith(110);
        Ledger bogus = new Ledger("old-schema", new BigDecimal("999.99"), 110, "");
        jdbc.update("insert into es_snapshots (aggregate_id, aggregate_type, version, schema_version, payload)"
                + " values (?, 'Ledger', 110, 0, ?::jsonb)", saved.id(), TestDatabase.codec().write(bogus));

        var found = store.find(Ledger.TYPE, saved.id());

        assertThat(found.aggregate().owner()).isEqualTo("snap");
        assertThat(found.aggregate()).isEqualTo(replayOnly.find(Ledger.TYPE, saved.id()).aggregate());

        // and a type whose snapshot schema moved on ignores the current snapshots too
        AggregateType<Ledger, Event> bumped = new AggregateType<>(Ledger.EVENTS, Ledger.class, Ledger.EMPTY, 2);
        jdbc.update("update es_snapshots set payload = ?::jsonb, schema_version = 1 where aggregate_id = ?",
                TestDatabase.codec().write(bogus), saved.id());
        assertThat(store.find(bumped, saved.id()).aggregate().owner()).isEqualTo("snap");
        assertThat(snapshotRow(saved.id())).containsEntry("schema_version", 2);
    }

    @Test
    void temporalReadsUseOnlySnapshotsAtOrBelowTheRequestedVersion() {
        EntityIdAndVersion saved = ledgerWith(300);
        store.find(Ledger.TYPE, saved.id());
        assertThat(snapshotRow(saved.id())).containsEntry("version", 300);

        var at120 = store.findAtVersion(Ledger.TYPE, saved.id(), 120).orElseThrow();
        assertThat(at120.version()).isEqualTo(120);
        assertThat(at120.aggregate()).isEqualTo(replayOnly.findAtVersion(Ledger.TYPE, saved.id(), 120)
                .orElseThrow().aggregate());
        assertThat(at120.aggregate().entries()).isEqualTo(120);
        assertThat(store.findAtVersion(Ledger.TYPE, saved.id(), 300).orElseThrow().aggregate())
                .isEqualTo(replayOnly.find(Ledger.TYPE, saved.id()).aggregate());
    }
}
