package io.eventbank.eventstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventbank.eventstore.Aggregate;
import io.eventbank.eventstore.AggregateType;
import io.eventbank.eventstore.AppendOptions;
import io.eventbank.eventstore.EntityWithIdAndVersion;
import io.eventbank.eventstore.EventEnvelope;
import java.time.Instant;
import java.util.Optional;
import io.eventbank.eventstore.EntityIdAndVersion;
import io.eventbank.eventstore.EventStore;
import io.eventbank.eventstore.postgres.autoconfigure.EventStoreAutoConfiguration;
import io.eventbank.eventstore.postgres.autoconfigure.EventStoreProperties;
import io.eventbank.eventstore.json.EventCodec;
import io.eventbank.eventstore.json.EventUpcaster;
import io.eventbank.infra.LocalInfra;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

class EventStoreAutoConfigurationTest {

    private static ApplicationContextRunner runner;

    @BeforeAll
    static void setUp() {
        LocalInfra infra = LocalInfra.shared();
        String url = infra.createDatabase("es_store_autoconfig");
        runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        DataSourceTransactionManagerAutoConfiguration.class, FlywayAutoConfiguration.class,
                        EventStoreAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=" + url,
                        "spring.datasource.username=" + infra.endpoints().postgresUser(),
                        "spring.datasource.password=" + infra.endpoints().postgresPassword(),
                        "spring.datasource.hikari.maximum-pool-size=2");
    }

    @Test
    void registersAStoreOnTheMigratedDatabaseWithUpcastersAndMetrics() {
        runner.withBean(EventUpcaster.class, () -> TestDatabase.MONEY_DEPOSITED_V1)
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("eventbank.eventstore.snapshots.every=7")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(EventStore.class)
                            .hasSingleBean(ProcessedMessagesPurger.class).hasSingleBean(EventStoreProperties.class);
                    JdbcEventStore store = context.getBean(JdbcEventStore.class);
                    assertThat(store.options()).isEqualTo(new JdbcEventStore.Options(7, true, 10_000));
                    assertThat(context.getBean(EventCodec.class).currentSchemaVersion("Ledger", "AmountDeposited"))
                            .isEqualTo(2);

                    EntityIdAndVersion saved = store.save(Ledger.TYPE, List.of(new Ledger.LedgerOpened("boot"),
                            new Ledger.AmountDeposited(new BigDecimal("3.00"), "m")), AppendOptions.none());
                    assertThat(store.find(Ledger.TYPE, saved.id()).aggregate().balance())
                            .isEqualByComparingTo("3.00");
                    assertThat(context.getBean(MeterRegistry.class)
                            .counter("eventstore.events.appended", "aggregate.type", "Ledger").count()).isEqualTo(2);
                    assertThat(context.getBean(ProcessedMessagesPurger.class).isRunning()).isTrue();
                });
    }

    @Test
    void purgesProcessedMessagesOnTheConfiguredInterval() {
        runner.withPropertyValues("eventbank.eventstore.dedup.retention=1h", "eventbank.eventstore.dedup.purge-interval=100ms")
                .run(context -> {
                    JdbcTemplate jdbc = new JdbcTemplate(context.getBean(javax.sql.DataSource.class));
                    UUID id = UUID.randomUUID();
                    jdbc.update("insert into es_processed_messages (aggregate_id, message_id, version, processed_at)"
                            + " values (?, 'aged', 1, now() - interval '2 hours'), (?, 'fresh', 2, now())", id, id);

                    await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                            "select count(*) from es_processed_messages where aggregate_id = ? and message_id = 'aged'",
                            Integer.class, id) == 0);
                    assertThat(context.getBean(EventStore.class).processedVersion(id, "fresh")).contains(2);
                });
    }

    @Test
    void backsOffForAnApplicationDefinedStore() {
        EventStore custom = new EventStore() {
            @Override
            public <A extends Aggregate<A, E>, E> EntityIdAndVersion save(AggregateType<A, E> type,
                                                                           List<? extends E> events, AppendOptions options) {
                throw new UnsupportedOperationException();
            }

            @Override
            public <A extends Aggregate<A, E>, E> EntityIdAndVersion update(AggregateType<A, E> type,
                    EntityIdAndVersion expected, List<? extends E> events, AppendOptions options) {
                throw new UnsupportedOperationException();
            }

            @Override
            public <A extends Aggregate<A, E>, E> Optional<EntityWithIdAndVersion<A>> findOptional(
                    AggregateType<A, E> type, UUID id) {
                return Optional.empty();
            }

            @Override
            public <A extends Aggregate<A, E>, E> Optional<EntityWithIdAndVersion<A>> findAtVersion(
                    AggregateType<A, E> type, UUID id, int version) {
                return Optional.empty();
            }

            @Override
            public <A extends Aggregate<A, E>, E> Optional<EntityWithIdAndVersion<A>> findAsOf(
                    AggregateType<A, E> type, UUID id, Instant instant) {
                return Optional.empty();
            }

            @Override
            public <A extends Aggregate<A, E>, E> List<EventEnvelope<E>> history(
                    AggregateType<A, E> type, UUID id, int fromVersion, int limit) {
                return List.of();
            }

            @Override
            public Optional<Integer> processedVersion(UUID aggregateId, String messageId) {
                return Optional.empty();
            }
        };
        runner.withBean(EventStore.class, () -> custom).run(context -> {
            assertThat(context).hasNotFailed().getBean(EventStore.class).isSameAs(custom);
            assertThat(context).doesNotHaveBean(JdbcEventStore.class).doesNotHaveBean(ProcessedMessagesPurger.class)
                    .hasSingleBean(EventCodec.class);
        });
    }

    @Test
    void doesNothingWithoutADataSource() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(EventStoreAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(EventStore.class));
    }
}
