package io.eventbank.eventstore.postgres.autoconfigure;

import io.eventbank.eventstore.jdbc.JdbcEventStore;
import io.eventbank.eventstore.json.EventCodec;
import io.eventbank.eventstore.kafka.autoconfigure.EventKafkaConfiguration;
import io.eventbank.eventstore.kafka.autoconfigure.EventStoreKafkaProducer;
import io.eventbank.eventstore.publisher.EventPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Runs an {@link EventPublisher} on the application's {@link DataSource} when
 * {@code eventbank.eventstore.publisher.enabled} (default true): one active instance per database publishes
 * {@code es_events} to {@code eventbank.<AggregateType>} topics. The context's {@link JdbcEventStore}
 * (auto-configured on the same {@link DataSource}) wakes it directly after its appends commit; appends
 * of other processes wake it by {@code NOTIFY}.
 */
@AutoConfiguration(
        after = {DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class, KafkaAutoConfiguration.class},
        afterName = "io.eventbank.eventstore.postgres.autoconfigure.EventStoreAutoConfiguration")
@ConditionalOnBean(DataSource.class)
@ConditionalOnProperty(prefix = "eventbank.eventstore.publisher", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(EventStoreProperties.class)
@Import(EventKafkaConfiguration.class)
public class EventPublisherAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    EventPublisher eventPublisher(DataSource dataSource, EventStoreKafkaProducer producer, EventCodec codec,
                                  EventStoreProperties properties, ObjectProvider<MeterRegistry> meters,
                                  ObjectProvider<JdbcEventStore> stores) {
        EventPublisher publisher = new EventPublisher(dataSource, producer.template(), codec.mapper(),
                properties.publisher().settings(), EventKafkaConfiguration.meters(meters));
        stores.ifUnique(store -> store.addCommitListener(publisher::wakeUp));
        return publisher;
    }
}
