package io.eventbank.eventstore.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventbank.eventstore.AggregateEvents;
import io.eventbank.eventstore.AggregateType;
import io.eventbank.eventstore.AppendOptions;
import io.eventbank.eventstore.jdbc.JdbcEventStore;
import io.eventbank.eventstore.json.EventCodec;
import io.eventbank.eventstore.postgres.autoconfigure.EventPublisherAutoConfiguration;
import io.eventbank.eventstore.postgres.autoconfigure.EventStoreAutoConfiguration;
import io.eventbank.eventstore.publisher.EventPublisherWakeUpTest.Notes;
import io.eventbank.eventstore.testing.Infra;
import io.eventbank.eventstore.testing.TestEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The auto-configured publisher is woken by the context's store directly, not only by NOTIFY or the poll. */
class EventPublisherWiringTest {

    static final AggregateEvents<TestEvent> EVENTS = TestEvent.uniqueType("Wired");

    /** A store of the application's own (the auto-configured one backs off) that sends no NOTIFY. */
    @Configuration(proxyBeanMethods = false)
    static class QuietStore {

        @Bean
        JdbcEventStore eventStore(DataSource dataSource, EventCodec codec) {
            return new JdbcEventStore(dataSource, codec, JdbcEventStore.Options.defaults().withNotifyOnAppend(false));
        }

        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @Test
    void theContextsStoreWakesThePublisherAfterItsAppendsCommit() {
        Infra.createTopics(EVENTS, 1, 1);
        String url = Infra.infra().createDatabase("wired_" + Infra.suffix());
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        DataSourceTransactionManagerAutoConfiguration.class, FlywayAutoConfiguration.class,
                        KafkaAutoConfiguration.class, EventStoreAutoConfiguration.class,
                        EventPublisherAutoConfiguration.class))
                .withUserConfiguration(QuietStore.class)
                .withPropertyValues(
                        "spring.datasource.url=" + url,
                        "spring.datasource.username=" + Infra.endpoints().postgresUser(),
                        "spring.datasource.password=" + Infra.endpoints().postgresPassword(),
                        "spring.kafka.bootstrap-servers=" + Infra.bootstrap(),
                        "eventbank.eventstore.publisher.id=wired",
                        // longer than the test: only the store's wake-up can make it pass
                        "eventbank.eventstore.publisher.poll-interval=5m")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(EventPublisher.class);
                    EventPublisher publisher = context.getBean(EventPublisher.class);
                    await().atMost(Duration.ofSeconds(10)).until(() -> publisher.isLeader() && publisher.rounds() >= 1);
                    SimpleMeterRegistry meters = context.getBean(SimpleMeterRegistry.class);

                    context.getBean(JdbcEventStore.class).save(AggregateType.of(EVENTS, Notes.class, new Notes(0)),
                            List.of(new TestEvent.Noted("wired")), AppendOptions.none());

                    await().atMost(Duration.ofSeconds(10)).until(() ->
                            meters.counter("eventstore.publisher.published", "publisher", "wired").count() == 1.0);
                });
    }
}
