package io.eventbank.eventstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.eventbank.eventstore.AppendOptions;
import io.eventbank.eventstore.EntityIdAndVersion;
import io.eventbank.eventstore.EventMetadata;
import io.eventbank.eventstore.EventStore.Append;
import io.eventbank.eventstore.OptimisticLockingException;
import io.eventbank.eventstore.TransactionConflictException;
import io.eventbank.eventstore.jdbc.Ledger.AmountDeposited;
import io.eventbank.eventstore.jdbc.Ledger.Event;
import io.eventbank.eventstore.jdbc.Ledger.LedgerOpened;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Database round trips per store operation, counted as the {@code Sync} messages PgJDBC sends (one
 * per round trip; a {@code BEGIN} it prepends on a connection without auto-commit travels with the
 * statement; the pool's own liveness checks are left out). The benchmarks' figures depend on
 * these counts.
 */
class RoundTripsTest {

    private static final Logger PROTOCOL = Logger.getLogger("org.postgresql.core.v3.QueryExecutorImpl");
    private static final String NOTIFIER_THREAD = "eventstore-commit-notifier";

    private static HikariDataSource dataSource;
    private static DataSourceTransactionManager transactions;
    private static JdbcEventStore store;

    private final AtomicInteger onThisThread = new AtomicInteger();
    private final AtomicInteger onNotifier = new AtomicInteger();
    private final long thisThread = Thread.currentThread().threadId();
    private final Handler syncs = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (!" FE=> Sync".equals(record.getMessage()) || poolCheck()) {
                return;
            }
            if (record.getLongThreadID() == thisThread) {
                onThisThread.incrementAndGet();
            } else if (NOTIFIER_THREAD.equals(Thread.currentThread().getName())) {
                onNotifier.incrementAndGet();
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level levelBefore;

    /** Hikari tests a connection idle for more than half a second before handing it out: not the store's. */
    private static boolean poolCheck() {
        return StackWalker.getInstance().walk(frames -> frames.anyMatch(frame ->
                frame.getClassName().startsWith("com.zaxxer.hikari.") && frame.getMethodName().equals("isConnectionDead")));
    }

    private boolean parentHandlersBefore;

    @BeforeAll
    static void setUp() {
        dataSource = TestDatabase.create("es_round_trips", 4);
        transactions = new DataSourceTransactionManager(dataSource);
        store = new JdbcEventStore(dataSource, TestDatabase.codec(), JdbcEventStore.Options.defaults());
    }

    @AfterAll
    static void tearDown() {
        store.close();
        dataSource.close();
    }

    @BeforeEach
    void countSyncs() {
        levelBefore = PROTOCOL.getLevel();
        parentHandlersBefore = PROTOCOL.getUseParentHandlers();
        syncs.setLevel(Level.ALL);
        PROTOCOL.addHandler(syncs);
        PROTOCOL.setUseParentHandlers(false);
        PROTOCOL.setLevel(Level.FINEST);
    }

    @AfterEach
    void stopCounting() {
        PROTOCOL.removeHandler(syncs);
        PROTOCOL.setLevel(levelBefore);
        PROTOCOL.setUseParentHandlers(parentHandlersBefore);
    }

    private int roundTrips(Runnable operation) {
        int before = onThisThread.get();
        operation.run();
        return onThisThread.get() - before;
    }

    private static AmountDeposited deposit(String amount) {
        return new AmountDeposited(new BigDecimal(amount), "memo");
    }

    private static List<Event> deposits(int count) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(deposit("1.00"));
        }
        return events;
    }

    private static Append<Event> append(UUID id, int expectedVersion, int events) {
        return new Append<>(id, expectedVersion, deposits(events), java.util.Collections.nCopies(events,
                EventMetadata.EMPTY));
    }

    @Test
    void anAppendOutsideATransactionIsOneRoundTrip() {
        EntityIdAndVersion[] saved = new EntityIdAndVersion[1];
        assertThat(roundTrips(() -> saved[0] = store.save(Ledger.TYPE, List.of(new LedgerOpened("one")),
                AppendOptions.none()))).isEqualTo(1);
        assertThat(roundTrips(() -> store.update(Ledger.TYPE, saved[0], deposits(1), AppendOptions.none())))
                .isEqualTo(1);
        assertThat(roundTrips(() -> store.update(Ledger.TYPE, new EntityIdAndVersion(saved[0].id(), 2),
                deposits(10), AppendOptions.none()))).isEqualTo(1);
        assertThat(roundTrips(() -> store.save(Ledger.TYPE, deposits(20), AppendOptions.none()))).isEqualTo(1);
        assertThat(roundTrips(() -> assertThatThrownBy(() -> store.update(Ledger.TYPE, saved[0], deposits(2),
                AppendOptions.none())).isInstanceOf(OptimisticLockingException.class))).isEqualTo(1);
        assertThat(roundTrips(() -> assertThatThrownBy(() -> store.save(Ledger.TYPE, deposits(1),
                AppendOptions.none().withAssignedId(saved[0].id()))).isInstanceOf(OptimisticLockingException.class)))
                .isEqualTo(1);
    }

    @Test
    void anUpdateWithATriggeringMessageIsTwoStatementsAndTheCommit() {
        EntityIdAndVersion saved = store.save(Ledger.TYPE, List.of(new LedgerOpened("msg")), AppendOptions.none());
        AppendOptions message = AppendOptions.none().withTriggeringMessageId("m-1");

        assertThat(roundTrips(() -> store.updateIdempotent(Ledger.TYPE, saved, deposits(2), message))).isEqualTo(3);
        assertThat(roundTrips(() -> assertThat(store.updateIdempotent(Ledger.TYPE, saved, deposits(2), message)
                .duplicate()).isTrue())).as("insert, look-up of the recorded version, rollback").isEqualTo(3);
    }

    @Test
    void anAppendInsideATransactionIsOneStatementOfIt() {
        TransactionTemplate tx = new TransactionTemplate(transactions);
        EntityIdAndVersion saved = store.save(Ledger.TYPE, List.of(new LedgerOpened("tx")), AppendOptions.none());
        int[] inside = new int[2];
        int whole = roundTrips(() -> tx.executeWithoutResult(status -> {
            inside[0] = roundTrips(() -> store.update(Ledger.TYPE, saved, deposits(3), AppendOptions.none()));
            inside[1] = roundTrips(() -> store.save(Ledger.TYPE, deposits(2), AppendOptions.none()));
        }));
        assertThat(inside).containsExactly(1, 1);
        assertThat(whole).as("with the commit").isEqualTo(3);
    }

    @Test
    void aBatchAppendIsOneRoundTripAndAConflictInsideATransactionTwo() {
        UUID a = store.save(Ledger.TYPE, List.of(new LedgerOpened("a")), AppendOptions.none()).id();
        UUID b = store.save(Ledger.TYPE, List.of(new LedgerOpened("b")), AppendOptions.none()).id();
        UUID c = UUID.randomUUID();
        assertThat(roundTrips(() -> store.appendAll(Ledger.TYPE, List.of(append(a, 1, 2), append(b, 1, 1),
                append(c, 0, 3))))).isEqualTo(1);
        assertThat(roundTrips(() -> assertThatThrownBy(() -> store.appendAll(Ledger.TYPE,
                List.of(append(a, 3, 1), append(b, 1, 1)))).isInstanceOf(OptimisticLockingException.class)))
                .isEqualTo(1);

        TransactionTemplate tx = new TransactionTemplate(transactions);
        int[] conflict = new int[1];
        tx.executeWithoutResult(status -> conflict[0] = roundTrips(() -> assertThatThrownBy(() -> store.appendAll(
                Ledger.TYPE, List.of(append(a, 3, 1), append(b, 1, 1))))
                .isInstanceOf(TransactionConflictException.class)));
        assertThat(conflict[0]).as("the insert and the undo of the other aggregates' rows").isEqualTo(2);
    }

    @Test
    void readsAreOneQueryEachPlusTheSnapshotLookUp() {
        EntityIdAndVersion saved = store.save(Ledger.TYPE, List.of(new LedgerOpened("reads"), deposit("2.00")),
                AppendOptions.none());
        UUID other = store.save(Ledger.TYPE, List.of(new LedgerOpened("other")), AppendOptions.none()).id();

        assertThat(roundTrips(() -> store.find(Ledger.TYPE, saved.id()))).as("snapshot, events").isEqualTo(2);
        assertThat(roundTrips(() -> store.findAtVersion(Ledger.TYPE, saved.id(), 1))).isEqualTo(2);
        assertThat(roundTrips(() -> store.findAsOf(Ledger.TYPE, saved.id(), Instant.now().plusSeconds(60))))
                .as("max version, then as findAtVersion").isEqualTo(3);
        assertThat(roundTrips(() -> store.findAll(Ledger.TYPE, List.of(saved.id(), other, UUID.randomUUID()))))
                .isEqualTo(1);
        assertThat(roundTrips(() -> store.history(Ledger.TYPE, saved.id(), 1, 10))).isEqualTo(1);
        assertThat(roundTrips(() -> store.processedVersion(saved.id(), "none"))).isEqualTo(1);
        assertThat(roundTrips(() -> store.purgeProcessedMessages(Duration.ofDays(1)))).isEqualTo(1);
    }

    @Test
    void aLoadThatStoresASnapshotAddsOneStatement() {
        EntityIdAndVersion saved = store.save(Ledger.TYPE, deposits(100), AppendOptions.none());
        assertThat(roundTrips(() -> store.find(Ledger.TYPE, saved.id()))).isEqualTo(3);
        assertThat(roundTrips(() -> store.find(Ledger.TYPE, saved.id()))).as("from the snapshot").isEqualTo(2);
    }

    @Test
    void theNotificationAfterACommitIsOneRoundTripOnTheNotifierThread() {
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(10))
                .until(() -> onNotifier.get() == 0);
        store.save(Ledger.TYPE, List.of(new LedgerOpened("notify")), AppendOptions.none());
        await().atMost(Duration.ofSeconds(10)).until(() -> onNotifier.get() > 0);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(10)).until(() -> onNotifier.get() == 1);
    }

    @Test
    void onAPoolWithoutAutoCommitAStandaloneAppendAndItsNotificationAlsoCommit() {
        try (HikariDataSource manual = TestDatabase.withoutAutoCommit(dataSource);
             JdbcEventStore onManual = new JdbcEventStore(manual, TestDatabase.codec(),
                     JdbcEventStore.Options.defaults())) {
            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(10))
                    .until(() -> onNotifier.get() == 0);
            EntityIdAndVersion[] saved = new EntityIdAndVersion[1];
            // the pool's first connection is opened on this thread: count from the second append on
            saved[0] = onManual.save(Ledger.TYPE, List.of(new LedgerOpened("manual")), AppendOptions.none());
            await().atMost(Duration.ofSeconds(10)).until(() -> onNotifier.get() > 0);
            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(10))
                    .until(() -> onNotifier.get() == 2);

            assertThat(roundTrips(() -> saved[0] = onManual.update(Ledger.TYPE, saved[0], deposits(2),
                    AppendOptions.none()))).as("statement, commit").isEqualTo(2);
            assertThat(roundTrips(() -> onManual.appendAll(Ledger.TYPE, List.of(append(saved[0].id(), 3, 1)))))
                    .isEqualTo(2);
            assertThat(roundTrips(() -> assertThatThrownBy(() -> onManual.update(Ledger.TYPE, saved[0], deposits(1),
                    AppendOptions.none())).isInstanceOf(OptimisticLockingException.class)))
                    .as("statement, end of its transaction").isEqualTo(2);
        }
    }
}
