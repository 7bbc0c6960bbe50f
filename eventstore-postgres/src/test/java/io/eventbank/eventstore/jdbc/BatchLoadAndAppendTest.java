package io.eventbank.eventstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.eventbank.eventstore.AggregateRepository;
import io.eventbank.eventstore.AggregateRepository.PendingCommand;
import io.eventbank.eventstore.AppendOptions;
import io.eventbank.eventstore.EntityNotFoundException;
import io.eventbank.eventstore.EntityWithIdAndVersion;
import io.eventbank.eventstore.EventMetadata;
import io.eventbank.eventstore.EventStore.Append;
import io.eventbank.eventstore.OptimisticLockingException;
import io.eventbank.eventstore.TransactionConflictException;
import io.eventbank.eventstore.jdbc.Ledger.AmountDeposited;
import io.eventbank.eventstore.jdbc.Ledger.Event;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Loading many aggregates in one query and appending to many in one statement. */
class BatchLoadAndAppendTest {

    private static HikariDataSource dataSource;
    private static JdbcTemplate jdbc;
    private static JdbcEventStore store;
    private static AggregateRepository<Ledger, Ledger.Command, Event> ledgers;
    private static TransactionTemplate tx;

    @BeforeAll
    static void setUp() {
        dataSource = TestDatabase.create("es_batch", 4);
        jdbc = new JdbcTemplate(dataSource);
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(dataSource);
        store = new JdbcEventStore(dataSource, transactions, TestDatabase.codec(),
                JdbcEventStore.Options.defaults().withSnapshotEvery(5).withNotifyOnAppend(false), null);
        ledgers = new AggregateRepository<>(store, Ledger.TYPE);
        tx = new TransactionTemplate(transactions);
    }

    @AfterAll
    static void tearDown() {
        dataSource.close();
    }

    private static UUID open(String owner, int deposits) {
        UUID id = ledgers.create(new Ledger.Open(owner), AppendOptions.none()).id();
        for (int i = 0; i < deposits; i++) {
            ledgers.update(id, new Ledger.Deposit(new BigDecimal("1.00"), "d" + i), AppendOptions.none());
        }
        return id;
    }

    private static Append<Event> deposit(UUID id, int expectedVersion, String amount) {
        return new Append<>(id, expectedVersion, List.of(new AmountDeposited(new BigDecimal(amount), "batch")),
                List.of(EventMetadata.EMPTY));
    }

    private static long eventCount() {
        return jdbc.queryForObject("select count(*) from es_events", Long.class);
    }

    @Test
    void loadsManyAggregatesAsTheSingleLoadDoesWithOrWithoutSnapshots() {
        UUID fresh = open("ann", 2);
        UUID snapshotted = open("bob", 12);
        store.find(Ledger.TYPE, snapshotted);
        assertThat(jdbc.queryForObject("select count(*) from es_snapshots where aggregate_id = ?", Long.class,
                snapshotted)).isEqualTo(1);
        ledgers.update(snapshotted, new Ledger.Deposit(new BigDecimal("5.00"), "after"), AppendOptions.none());
        UUID missing = UUID.randomUUID();

        Map<UUID, EntityWithIdAndVersion<Ledger>> all = store.findAll(Ledger.TYPE, List.of(fresh, missing, snapshotted));

        assertThat(all).containsOnlyKeys(fresh, snapshotted);
        assertThat(all.get(fresh)).isEqualTo(store.find(Ledger.TYPE, fresh));
        assertThat(all.get(snapshotted)).isEqualTo(store.find(Ledger.TYPE, snapshotted));
        assertThat(all.get(snapshotted).version()).isEqualTo(14);
        assertThat(all.get(snapshotted).aggregate().balance()).isEqualByComparingTo("17.00");
    }

    @Test
    void appendsToManyAggregatesAllOrNothing() {
        UUID a = open("a", 0);
        UUID b = open("b", 1);
        long before = eventCount();

        assertThatThrownBy(() -> store.appendAll(Ledger.TYPE, List.of(deposit(a, 1, "3.00"), deposit(b, 1, "4.00"))))
                .isInstanceOf(OptimisticLockingException.class);
        assertThat(eventCount()).isEqualTo(before);

        store.appendAll(Ledger.TYPE, List.of(deposit(a, 1, "3.00"), deposit(b, 2, "4.00")));
        assertThat(store.find(Ledger.TYPE, a).version()).isEqualTo(2);
        assertThat(store.find(Ledger.TYPE, b).aggregate().balance()).isEqualByComparingTo("5.00");
        List<Long> positions = jdbc.queryForList("select position from es_events where aggregate_id in (?, ?)"
                + " and version = 2 order by position", Long.class, a, b);
        assertThat(positions).hasSize(2);
    }

    @Test
    void anExpectedVersionBeyondTheStoredOneAppendsNothingToAnyAggregate() {
        UUID a = open("a", 0);
        UUID b = open("b", 0);
        long before = eventCount();
        Append<Event> ahead = new Append<>(b, 5, List.of(new AmountDeposited(BigDecimal.ONE, "x"),
                new AmountDeposited(BigDecimal.TWO, "y")), List.of(EventMetadata.EMPTY, EventMetadata.EMPTY));

        assertThatThrownBy(() -> store.appendAll(Ledger.TYPE, List.of(deposit(a, 1, "3.00"), ahead)))
                .isInstanceOf(OptimisticLockingException.class);
        assertThatThrownBy(() -> store.appendAll(Ledger.TYPE, List.of(ahead)))
                .isInstanceOf(OptimisticLockingException.class);
        assertThat(eventCount()).isEqualTo(before);
        assertThat(store.find(Ledger.TYPE, b).version()).isEqualTo(1);
    }

    @Test
    void aConflictInsideACallersTransactionIsATransactionConflictAndLeavesTheTransactionUsable() {
        UUID a = open("a", 0);
        UUID b = open("b", 1);
        long before = eventCount();

        tx.executeWithoutResult(status -> {
            assertThatThrownBy(() -> store.appendAll(Ledger.TYPE,
                    List.of(deposit(a, 1, "1.00"), deposit(b, 1, "1.00"))))
                    .isInstanceOf(TransactionConflictException.class);
            store.appendAll(Ledger.TYPE, List.of(deposit(a, 1, "2.00"), deposit(b, 2, "3.00")));
        });

        assertThat(eventCount()).isEqualTo(before + 2);
        assertThat(store.find(Ledger.TYPE, a).aggregate().balance()).isEqualByComparingTo("2.00");
        assertThat(store.find(Ledger.TYPE, b).aggregate().balance()).isEqualByComparingTo("4.00");
    }

    @Test
    void updateAllFoldsCommandsInOrderAndAppendsNothingWhenOneIsRejected() {
        UUID a = open("a", 0);
        UUID b = open("b", 0);
        List<PendingCommand<Ledger.Command>> commands = List.of(
                new PendingCommand<>(a, new Ledger.Deposit(new BigDecimal("5.00"), "1"), AppendOptions.none()),
                new PendingCommand<>(b, new Ledger.Deposit(new BigDecimal("1.00"), "2"), AppendOptions.none()),
                new PendingCommand<>(a, new Ledger.Withdraw(new BigDecimal("4.00")), AppendOptions.none()));

        Map<UUID, EntityWithIdAndVersion<Ledger>> result = ledgers.updateAll(commands);

        assertThat(result.get(a).version()).isEqualTo(3);
        assertThat(result.get(a).aggregate().balance()).isEqualByComparingTo("1.00");
        assertThat(store.find(Ledger.TYPE, a)).isEqualTo(result.get(a));
        assertThat(store.find(Ledger.TYPE, b)).isEqualTo(result.get(b));

        long before = eventCount();
        assertThatThrownBy(() -> ledgers.updateAll(List.of(
                new PendingCommand<>(b, new Ledger.Deposit(new BigDecimal("1.00"), "3"), AppendOptions.none()),
                new PendingCommand<>(a, new Ledger.Withdraw(new BigDecimal("9.00")), AppendOptions.none()))))
                .hasMessageContaining("balance too low");
        assertThatThrownBy(() -> ledgers.updateAll(List.of(
                new PendingCommand<>(UUID.randomUUID(), new Ledger.Withdraw(BigDecimal.ONE), AppendOptions.none()))))
                .isInstanceOf(EntityNotFoundException.class);
        assertThat(eventCount()).isEqualTo(before);
    }
}
