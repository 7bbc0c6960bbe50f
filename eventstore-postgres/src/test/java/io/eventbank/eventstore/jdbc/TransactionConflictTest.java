package io.eventbank.eventstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.eventbank.eventstore.AggregateRepository;
import io.eventbank.eventstore.AggregateRepository.PendingCommand;
import io.eventbank.eventstore.AppendOptions;
import io.eventbank.eventstore.EventEnvelope;
import io.eventbank.eventstore.EventMetadata;
import io.eventbank.eventstore.json.EventCodec;
import io.eventbank.eventstore.subscription.Delivery;
import io.eventbank.eventstore.testing.Infra;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * A poll's transaction that meets a concurrent writer of an aggregate it appends to runs again as a
 * whole: appended inside the first transaction, which already holds its transaction id, the next
 * version would carry an older transaction id than the concurrent writer's and be published first.
 */
class TransactionConflictTest {

    private final HikariDataSource dataSource = TestDatabase.create("txconflict_" + Infra.suffix(), 4);
    private final DataSourceTransactionManager transactions = new DataSourceTransactionManager(dataSource);
    private final JdbcEventStore store = new JdbcEventStore(dataSource, transactions, new EventCodec(),
            JdbcEventStore.Options.defaults().withNotifyOnAppend(false), new SimpleMeterRegistry());
    private final JdbcEventStore elsewhere = new JdbcEventStore(dataSource, new EventCodec(),
            JdbcEventStore.Options.defaults().withNotifyOnAppend(false));
    private final AggregateRepository<Ledger, Ledger.Command, Ledger.Event> ledgers = new AggregateRepository<>(store, Ledger.TYPE);
    private final AggregateRepository<Ledger, Ledger.Command, Ledger.Event> concurrent =
            new AggregateRepository<>(elsewhere, Ledger.TYPE);
    private final JdbcSubscriptionStore subscriptions = new JdbcSubscriptionStore(JdbcClient.create(dataSource),
            transactions, new SimpleMeterRegistry());

    @Test
    void runsAPollsTransactionAgainAfterAConcurrentAppendSoThatVersionsKeepTransactionIdOrder() throws Exception {
        UUID ledger = ledgers.create(new Ledger.Open("ann"), AppendOptions.none()).id();
        UUID other = ledgers.create(new Ledger.Open("bob"), AppendOptions.none()).id();
        AtomicInteger runs = new AtomicInteger();

        subscriptions.handle("conflicts", List.of(delivery()), fresh -> {
            ledgers.update(other, new Ledger.Deposit(BigDecimal.ONE, "takes the transaction id"), AppendOptions.none());
            boolean first = runs.incrementAndGet() == 1;
            Runnable meanwhile = () -> {
                if (first) {
                    // on a thread of its own: outside this poll's transaction, committed before the poll appends
                    Thread writer = Thread.ofVirtual().start(() -> concurrent.update(ledger,
                            new Ledger.Deposit(BigDecimal.TEN, "a concurrent writer"), AppendOptions.none()));
                    try {
                        writer.join();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
            ledgers.updateAll(List.of(new PendingCommand<>(ledger, new Ledger.DepositWhile(meanwhile, BigDecimal.TWO),
                    AppendOptions.none())));
        });

        assertThat(runs).hasValue(2);
        List<Long> transactionIds = JdbcClient.create(dataSource)
                .sql("select tx_id::text::bigint from es_events where aggregate_id = :id order by version")
                .param("id", ledger).query(Long.class).list();
        assertThat(transactionIds).hasSize(3).isSorted();
        assertThat(balance(ledger)).isEqualByComparingTo("12");
        assertThat(balance(other)).as("the first run's deposit was rolled back").isEqualByComparingTo("1");
    }

    /** One record of some source aggregate, so that the poll has work. */
    private static Delivery delivery() {
        return new Delivery(new org.apache.kafka.common.TopicPartition("conflicts", 0), 0,
                new EventEnvelope<>(UUID.randomUUID(), "Source", UUID.randomUUID(), 1, "Happened", Instant.now(), 1,
                        EventMetadata.EMPTY, "event"));
    }

    private BigDecimal balance(UUID id) {
        return store.findOptional(Ledger.TYPE, id).orElseThrow().aggregate().balance();
    }
}
