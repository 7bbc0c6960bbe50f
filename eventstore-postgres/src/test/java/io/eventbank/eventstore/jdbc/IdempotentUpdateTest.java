package io.eventbank.eventstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.eventbank.eventstore.AggregateRepository;
import io.eventbank.eventstore.AppendOptions;
import io.eventbank.eventstore.EntityIdAndVersion;
import io.eventbank.eventstore.EntityWithIdAndVersion;
import io.eventbank.eventstore.UpdateResult;
import io.eventbank.eventstore.jdbc.Ledger.AmountDeposited;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

class IdempotentUpdateTest {

    private static HikariDataSource dataSource;
    private static JdbcTemplate jdbc;
    private static JdbcEventStore store;
    private static AggregateRepository<Ledger, Ledger.Command, Ledger.Event> ledgers;

    @BeforeAll
    static void setUp() {
        dataSource = TestDatabase.create("es_store_idempotency", 6);
        jdbc = new JdbcTemplate(dataSource);
        store = new JdbcEventStore(dataSource, TestDatabase.codec(), JdbcEventStore.Options.defaults());
        ledgers = new AggregateRepository<>(store, Ledger.TYPE);
    }

    @AfterAll
    static void tearDown() {
        dataSource.close();
    }

    private static int countEvents(UUID id) {
        return jdbc.queryForObject("select count(*) from es_events where aggregate_id = ?", Integer.class, id);
    }

    @Test
    void sameTriggeringMessageTwiceAppendsOnceAndReturnsTheSameVersion() {
        UUID id = ledgers.create(new Ledger.Open("idem"), AppendOptions.none()).id();
        AppendOptions triggered = AppendOptions.none().withTriggeringMessageId("msg-1");

        EntityWithIdAndVersion<Ledger> first = ledgers.update(id, new Ledger.DepositMany(3, new BigDecimal("2.00")),
                triggered);
        ledgers.update(id, new Ledger.Deposit(new BigDecimal("1.00"), "other"), AppendOptions.none());
        EntityWithIdAndVersion<Ledger> second = ledgers.update(id, new Ledger.DepositMany(3, new BigDecimal("2.00")),
                triggered);

        assertThat(first.version()).isEqualTo(4);
        assertThat(first.duplicate()).isFalse();
        assertThat(second.duplicate()).isTrue();
        assertThat(second.version()).isEqualTo(4);
        assertThat(second.aggregate()).isEqualTo(first.aggregate());
        assertThat(countEvents(id)).isEqualTo(5);
        assertThat(store.processedVersion(id, "msg-1")).contains(4);
        assertThat(store.processedVersion(id, "msg-2")).isEmpty();
        assertThat(store.processedVersion(UUID.randomUUID(), "msg-1")).isEmpty();
    }

    @Test
    void storeReturnsTheRecordedVersionForADuplicateEvenWithAStaleExpectedVersion() {
        EntityIdAndVersion v1 = store.save(Ledger.TYPE, List.of(new Ledger.LedgerOpened("direct")), AppendOptions.none());
        AppendOptions triggered = AppendOptions.none().withTriggeringMessageId("event-77");
        List<AmountDeposited> deposit = List.of(new AmountDeposited(new BigDecimal("5.00"), "once"));

        EntityIdAndVersion v2 = store.update(Ledger.TYPE, v1, deposit, triggered);
        EntityIdAndVersion again = store.update(Ledger.TYPE, v1, deposit, triggered);
        UpdateResult flagged = store.updateIdempotent(Ledger.TYPE, v1, deposit, triggered);

        assertThat(v2.version()).isEqualTo(2);
        assertThat(again).isEqualTo(v2);
        assertThat(flagged).isEqualTo(new UpdateResult(v1.id(), 2, true));
        assertThat(countEvents(v1.id())).isEqualTo(2);
    }

    @Test
    void concurrentDeliveriesOfOneMessageAppendOnce() throws Exception {
        UUID id = ledgers.create(new Ledger.Open("race"), AppendOptions.none()).id();
        AppendOptions triggered = AppendOptions.none().withTriggeringMessageId("dup-race");
        CountDownLatch start = new CountDownLatch(1);
        List<Future<EntityWithIdAndVersion<Ledger>>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return ledgers.update(id, new Ledger.Deposit(new BigDecimal("9.99"), "once"), triggered);
                }));
            }
            start.countDown();
        }
        List<EntityWithIdAndVersion<Ledger>> outcomes = new ArrayList<>();
        for (var result : results) {
            outcomes.add(result.get());
        }

        assertThat(countEvents(id)).isEqualTo(2);
        assertThat(outcomes).extracting(EntityWithIdAndVersion::version).containsOnly(2);
        assertThat(outcomes).filteredOn(o -> !o.duplicate()).hasSize(1);
        assertThat(store.find(Ledger.TYPE, id).aggregate().balance()).isEqualByComparingTo("9.99");
    }

    @Test
    void purgeRemovesOnlyProcessedIdsOlderThanTheRetention() {
        UUID id = ledgers.create(new Ledger.Open("purge"), AppendOptions.none()).id();
        ledgers.update(id, new Ledger.Deposit(BigDecimal.ONE, "a"), AppendOptions.none().withTriggeringMessageId("old"));
        ledgers.update(id, new Ledger.Deposit(BigDecimal.ONE, "b"), AppendOptions.none().withTriggeringMessageId("new"));
        jdbc.update("update es_processed_messages set processed_at = now() - interval '8 days'"
                + " where aggregate_id = ? and message_id = 'old'", id);

        int purged = store.purgeProcessedMessages(Duration.ofDays(7));

        assertThat(purged).isEqualTo(1);
        assertThat(store.processedVersion(id, "old")).isEmpty();
        assertThat(store.processedVersion(id, "new")).contains(3);
        assertThat(countEvents(id)).as("events are never purged").isEqualTo(3);
        assertThat(new ProcessedMessagesPurger(store, Duration.ofDays(7), Duration.ofHours(1)).purge()).isZero();
    }
}
