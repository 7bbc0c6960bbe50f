package io.eventbank.eventstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.eventbank.eventstore.AggregateRepository;
import io.eventbank.eventstore.AggregateRepository.PendingCommand;
import io.eventbank.eventstore.AppendOptions;
import io.eventbank.eventstore.jdbc.Ledger.Event;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The in-memory state cache: never wrong, only ever old; only committed states; snapshots keep their cadence. */
class StateCacheTest {

    private static HikariDataSource dataSource;
    private static JdbcTemplate jdbc;
    private static JdbcEventStore cached;
    private static JdbcEventStore uncached;
    private static AggregateRepository<Ledger, Ledger.Command, Event> ledgers;
    private static AggregateRepository<Ledger, Ledger.Command, Event> otherProcess;
    private static TransactionTemplate tx;
    private static final AtomicInteger conflicts = new AtomicInteger();

    @BeforeAll
    static void setUp() {
        dataSource = TestDatabase.create("es_state_cache", 4);
        jdbc = new JdbcTemplate(dataSource);
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(dataSource);
        JdbcEventStore.Options options = JdbcEventStore.Options.defaults().withSnapshotEvery(5)
                .withNotifyOnAppend(false);
        cached = new JdbcEventStore(dataSource, transactions, TestDatabase.codec(), options.withCachedAggregates(100), null);
        uncached = new JdbcEventStore(dataSource, transactions, TestDatabase.codec(), options, null);
        ledgers = new AggregateRepository<>(cached, Ledger.TYPE, AggregateRepository.DEFAULT_MAX_ATTEMPTS,
                conflicts::incrementAndGet);
        otherProcess = new AggregateRepository<>(uncached, Ledger.TYPE);
        tx = new TransactionTemplate(transactions);
    }

    @AfterAll
    static void tearDown() {
        dataSource.close();
    }

    private static PendingCommand<Ledger.Command> deposit(UUID id, String amount) {
        return new PendingCommand<>(id, new Ledger.Deposit(new BigDecimal(amount), "batch"), AppendOptions.none());
    }

    @Test
    void foldsWhatOtherWritersAppendedOnTopOfTheCachedState() {
        UUID id = ledgers.create(new Ledger.Open("ann"), AppendOptions.none()).id();
        ledgers.updateAll(List.of(deposit(id, "1.00")));
        otherProcess.update(id, new Ledger.Deposit(new BigDecimal("10.00"), "elsewhere"), AppendOptions.none());

        var loaded = cached.find(Ledger.TYPE, id);

        assertThat(loaded.version()).isEqualTo(3);
        assertThat(loaded.aggregate().balance()).isEqualByComparingTo("11.00");
        assertThat(loaded.aggregate().lastMemo()).isEqualTo("elsewhere");
    }

    @Test
    void keepsNothingOfATransactionThatRollsBack() {
        UUID id = ledgers.create(new Ledger.Open("bob"), AppendOptions.none()).id();
        ledgers.updateAll(List.of(deposit(id, "2.00")));

        tx.executeWithoutResult(status -> {
            ledgers.updateAll(List.of(deposit(id, "100.00"), deposit(id, "100.00")));
            status.setRollbackOnly();
        });

        var loaded = cached.find(Ledger.TYPE, id);
        assertThat(loaded.version()).isEqualTo(2);
        assertThat(loaded.aggregate().balance()).isEqualByComparingTo("2.00");
        assertThat(ledgers.updateAll(List.of(deposit(id, "3.00"))).get(id).version()).isEqualTo(3);
        assertThat(uncached.find(Ledger.TYPE, id).aggregate().balance()).isEqualByComparingTo("5.00");
    }

    @Test
    void recoversThroughTheVersionGuardWhenTheStoredHistoryIsBehindTheCache() {
        UUID id = ledgers.create(new Ledger.Open("cid"), AppendOptions.none()).id();
        ledgers.updateAll(List.of(deposit(id, "1.00"), deposit(id, "1.00")));
        jdbc.update("delete from es_events where aggregate_id = ? and version = 3", id);
        int conflictsBefore = conflicts.get();

        var result = ledgers.updateAll(List.of(deposit(id, "5.00")));

        assertThat(conflicts.get()).isEqualTo(conflictsBefore + 1);
        assertThat(result.get(id).version()).isEqualTo(3);
        assertThat(uncached.find(Ledger.TYPE, id).aggregate().balance()).isEqualByComparingTo("6.00");
        assertThat(cached.find(Ledger.TYPE, id).aggregate().balance()).isEqualByComparingTo("6.00");
    }

    @Test
    void storesSnapshotsAtTheSameCadenceAsWithoutTheCache() {
        UUID id = ledgers.create(new Ledger.Open("dan"), AppendOptions.none()).id();
        for (int i = 0; i < 12; i++) {
            ledgers.updateAll(List.of(deposit(id, "1.00")));
        }

        Integer snapshotVersion = jdbc.queryForObject(
                "select version from es_snapshots where aggregate_id = ?", Integer.class, id);
        assertThat(snapshotVersion).isBetween(6, 13);
        var fromSnapshot = uncached.find(Ledger.TYPE, id);
        assertThat(fromSnapshot.version()).isEqualTo(13);
        assertThat(fromSnapshot.aggregate().balance()).isEqualByComparingTo("12.00");
    }
}
