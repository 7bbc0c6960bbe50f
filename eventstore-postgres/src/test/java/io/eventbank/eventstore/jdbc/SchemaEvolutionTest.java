package io.eventbank.eventstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.eventbank.eventstore.AppendOptions;
import io.eventbank.eventstore.EntityIdAndVersion;
import io.eventbank.eventstore.EventEnvelope;
import io.eventbank.eventstore.jdbc.Ledger.AmountDeposited;
import io.eventbank.eventstore.jdbc.Ledger.Event;
import io.eventbank.eventstore.jdbc.Ledger.LedgerOpened;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

class SchemaEvolutionTest {

    private static HikariDataSource dataSource;
    private static JdbcTemplate jdbc;
    private static JdbcEventStore store;

    @BeforeAll
    static void setUp() {
        dataSource = TestDatabase.create("es_store_schema", 2);
        jdbc = new JdbcTemplate(dataSource);
        store = new JdbcEventStore(dataSource, TestDatabase.codec(), JdbcEventStore.Options.defaults());
    }

    @AfterAll
    static void tearDown() {
        dataSource.close();
    }

    private static void insertRaw(UUID id, int version, String eventType, String payload, String metadata) {
        jdbc.update("insert into es_events (event_id, aggregate_type, aggregate_id, version, event_type, payload,"
                        + " metadata) values (?, 'Ledger', ?, ?, ?, ?::jsonb, ?::jsonb)",
                UUID.randomUUID(), id, version, eventType, payload, metadata);
    }

    @Test
    void readsAnOldRenamedEventWithoutALaterFieldAsTheCurrentRecord() {
        UUID id = UUID.randomUUID();
        insertRaw(id, 1, "LedgerOpened", "{\"owner\": \"old\"}", "{}");
        // v1: old type name, old field name, no memo, no schemaVersion in the metadata
        insertRaw(id, 2, "MoneyDeposited", "{\"sum\": \"12.50\"}", "{\"correlationId\": null}");

        List<EventEnvelope<Event>> history = store.history(Ledger.TYPE, id, 1, 10);

        assertThat(history).extracting(EventEnvelope::event).containsExactly(
                new LedgerOpened("old"), new AmountDeposited(new BigDecimal("12.50"), ""));
        assertThat(history.get(1).eventType()).as("the envelope keeps the stored name").isEqualTo("MoneyDeposited");
        var found = store.find(Ledger.TYPE, id);
        assertThat(found.aggregate()).isEqualTo(new Ledger("old", new BigDecimal("12.50"), 2, ""));
        // appending after the old event works and writes the current schema version
        store.update(Ledger.TYPE, found.idAndVersion(), List.of(new AmountDeposited(new BigDecimal("0.50"), "new")),
                AppendOptions.none());
        assertThat(jdbc.queryForObject("select metadata->>'schemaVersion' from es_events where aggregate_id = ?"
                + " and version = 3", String.class, id)).isEqualTo("2");
        assertThat(store.find(Ledger.TYPE, id).aggregate().balance()).isEqualByComparingTo("13.00");
    }

    @Test
    void ignoresUnknownFieldsAndSkipsUnknownEventTypes() {
        UUID id = UUID.randomUUID();
        insertRaw(id, 1, "LedgerOpened", "{\"owner\": \"weak\", \"branch\": \"Amsterdam\", \"tags\": [1, 2]}", "{}");
        insertRaw(id, 2, "LedgerAudited", "{\"auditor\": \"x\"}", "{}");
        insertRaw(id, 3, "AmountDeposited", "{\"amount\": \"7.00\", \"memo\": \"m\", \"channel\": {\"x\": 1}}",
                "{\"schemaVersion\": 2}");

        var found = store.find(Ledger.TYPE, id);

        assertThat(found.version()).as("the skipped event still counts as a version").isEqualTo(3);
        assertThat(found.aggregate()).isEqualTo(new Ledger("weak", new BigDecimal("7.00"), 2, "m"));
        assertThat(store.history(Ledger.TYPE, id, 1, 10)).extracting(EventEnvelope::version).containsExactly(1, 3);
    }

    @Test
    void writesMoneyAsExactStringsAndReadsItBackUnchanged() {
        EntityIdAndVersion saved = store.save(Ledger.TYPE, List.of(new LedgerOpened("money"),
                new AmountDeposited(new BigDecimal("195.00"), "exact"),
                new AmountDeposited(new BigDecimal("0.10"), "tenth")), AppendOptions.none());

        assertThat(jdbc.queryForObject("select payload->>'amount' from es_events where aggregate_id = ?"
                + " and version = 2", String.class, saved.id())).isEqualTo("195.00");
        assertThat(jdbc.queryForObject("select jsonb_typeof(payload->'amount') from es_events where aggregate_id = ?"
                + " and version = 2", String.class, saved.id())).isEqualTo("string");
        List<EventEnvelope<Event>> history = store.history(Ledger.TYPE, saved.id(), 2, 1);
        AmountDeposited read = (AmountDeposited) history.getFirst().event();
        assertThat(read.amount()).isEqualTo(new BigDecimal("195.00")).hasToString("195.00");
        assertThat(store.find(Ledger.TYPE, saved.id()).aggregate().balance()).hasToString("195.10");
    }
}
