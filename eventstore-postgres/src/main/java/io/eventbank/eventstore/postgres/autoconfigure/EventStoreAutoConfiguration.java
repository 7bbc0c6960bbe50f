package io.eventbank.eventstore.postgres.autoconfigure;

import io.eventbank.eventstore.EventStore;
import io.eventbank.eventstore.jdbc.JdbcEventStore;
import io.eventbank.eventstore.jdbc.JdbcSubscriptionStore;
import io.eventbank.eventstore.subscription.SubscriptionStore;
import io.micrometer.core.instrument.Metrics;
import io.eventbank.eventstore.jdbc.ProcessedMessagesPurger;
import io.eventbank.eventstore.json.EventCodec;
import io.eventbank.eventstore.json.EventUpcaster;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Registers the event store of a service whose {@link DataSource} holds the event-store schema
 * (Flyway applies {@code db/migration/V1__eventstore_schema.sql}):
 * <ul>
 *   <li>{@link EventStoreProperties} ({@code eventbank.eventstore.*});</li>
 *   <li>an {@link EventCodec} with every {@link EventUpcaster} bean;</li>
 *   <li>a {@link JdbcEventStore} (snapshots every {@code eventbank.eventstore.snapshots.every} events,
 *       a coalesced {@code NOTIFY} on {@link JdbcEventStore#NOTIFY_CHANNEL} after appends commit, metrics when a
 *       {@link MeterRegistry} exists), created after the database is migrated and joining the
 *       application's {@link PlatformTransactionManager} when there is one;</li>
 *   <li>a {@link JdbcSubscriptionStore}, so that every subscription of the service handles each poll
 *       in one transaction with its positions and applied versions;</li>
 *   <li>a {@link ProcessedMessagesPurger} that applies {@code eventbank.eventstore.dedup.retention} every
 *       {@code eventbank.eventstore.dedup.purge-interval}.</li>
 * </ul>
 * Each bean backs off when the application defines its own of the same type.
 */
@AutoConfiguration(after = {DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
        FlywayAutoConfiguration.class})
@ConditionalOnBean(DataSource.class)
@EnableConfigurationProperties(EventStoreProperties.class)
public class EventStoreAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    EventCodec eventCodec(ObjectProvider<EventUpcaster> upcasters) {
        return new EventCodec(upcasters.orderedStream().toList());
    }

    @Bean
    @ConditionalOnMissingBean(EventStore.class)
    @DependsOnDatabaseInitialization
    JdbcEventStore eventStore(DataSource dataSource, ObjectProvider<PlatformTransactionManager> transactionManager,
                              EventCodec codec, EventStoreProperties properties,
                              ObjectProvider<MeterRegistry> meterRegistry) {
        return new JdbcEventStore(dataSource,
                transactionManager.getIfUnique(() -> new DataSourceTransactionManager(dataSource)), codec,
                new JdbcEventStore.Options(properties.snapshots().every(), true, properties.cache().aggregates()), meterRegistry.getIfUnique());
    }

    @Bean
    @ConditionalOnMissingBean(SubscriptionStore.class)
    @DependsOnDatabaseInitialization
    JdbcSubscriptionStore subscriptionStore(DataSource dataSource,
                                            ObjectProvider<PlatformTransactionManager> transactionManager,
                                            ObjectProvider<MeterRegistry> meterRegistry) {
        return new JdbcSubscriptionStore(JdbcClient.create(dataSource),
                transactionManager.getIfUnique(() -> new DataSourceTransactionManager(dataSource)),
                meterRegistry.getIfUnique(() -> Metrics.globalRegistry));
    }

    @Bean
    @ConditionalOnBean(JdbcEventStore.class)
    @ConditionalOnMissingBean
    ProcessedMessagesPurger processedMessagesPurger(JdbcEventStore store, EventStoreProperties properties) {
        return new ProcessedMessagesPurger(store, properties.dedup().retention(), properties.dedup().purgeInterval());
    }
}
