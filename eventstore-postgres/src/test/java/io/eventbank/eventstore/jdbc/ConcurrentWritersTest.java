package io.eventbank.eventstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.eventbank.eventstore.AggregateRepository;
import io.eventbank.eventstore.AppendOptions;
import io.eventbank.eventstore.EntityWithIdAndVersion;
import io.eventbank.eventstore.EventEnvelope;
import io.eventbank.eventstore.jdbc.Ledger.Event;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

class ConcurrentWritersTest {

    private static final int WRITERS = 8;
    private static final int UPDATES_EACH = 200;

    private static HikariDataSource dataSource;

    @BeforeAll
    static void setUp() {
        dataSource = TestDatabase.create("es_store_concurrency", 10);
    }

    @AfterAll
    static void tearDown() {
        dataSource.close();
    }

    @Test
    void concurrentWritersOnOneAggregateLoseNoUpdate() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        JdbcEventStore store = new JdbcEventStore(dataSource,
                new DataSourceTransactionManager(dataSource), TestDatabase.codec(),
                JdbcEventStore.Options.defaults().withSnapshotEvery(50), meters);
        AtomicInteger retried = new AtomicInteger();
        var repository = new AggregateRepository<>(store, Ledger.TYPE, AggregateRepository.DEFAULT_MAX_ATTEMPTS, retried::incrementAndGet);
        UUID id = repository.create(new Ledger.Open("shared"), AppendOptions.none()).id();

        CountDownLatch start = new CountDownLatch(1);
        List<Future<BigDecimal>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(WRITERS)) {
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                results.add(pool.submit(() -> {
                    start.await();
                    BigDecimal deposited = BigDecimal.ZERO;
                    for (int i = 0; i < UPDATES_EACH; i++) {
                        BigDecimal amount = new BigDecimal(writer + 1 + "." + String.format("%02d", i % 100));
                        repository.update(id, new Ledger.Deposit(amount, "w" + writer + "-" + i), AppendOptions.none());
                        deposited = deposited.add(amount);
                    }
                    return deposited;
                }));
            }
            start.countDown();
        }
        BigDecimal expectedBalance = BigDecimal.ZERO;
        for (Future<BigDecimal> result : results) {
            expectedBalance = expectedBalance.add(result.get());
        }

        EntityWithIdAndVersion<Ledger> found = store.find(Ledger.TYPE, id);
        assertThat(found.version()).isEqualTo(1 + WRITERS * UPDATES_EACH);
        assertThat(found.aggregate().entries()).isEqualTo(1 + WRITERS * UPDATES_EACH);
        assertThat(found.aggregate().balance()).isEqualByComparingTo(expectedBalance);

        List<EventEnvelope<Event>> history = store.history(Ledger.TYPE, id, 1, 10_000);
        assertThat(history).extracting(EventEnvelope::version)
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 1601).boxed().toList());
        Ledger replayed = Ledger.fold(history.stream().map(EventEnvelope::event).toList());
        assertThat(found.aggregate()).isEqualTo(replayed);
        JdbcEventStore withoutSnapshots = new JdbcEventStore(dataSource, TestDatabase.codec(),
                JdbcEventStore.Options.defaults().withSnapshotEvery(0));
        assertThat(withoutSnapshots.find(Ledger.TYPE, id).aggregate()).isEqualTo(replayed);

        assertThat(retried.get()).as("conflicts retried by the repository").isPositive();
        assertThat(meters.counter("eventstore.conflicts", "aggregate.type", "Ledger").count())
                .isEqualTo(retried.get());
        assertThat(meters.counter("eventstore.events.appended", "aggregate.type", "Ledger").count())
                .isEqualTo(1 + WRITERS * UPDATES_EACH);
    }
}
