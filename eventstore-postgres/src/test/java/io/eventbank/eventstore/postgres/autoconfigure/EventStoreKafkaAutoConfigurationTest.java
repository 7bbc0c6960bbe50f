package io.eventbank.eventstore.postgres.autoconfigure;

import static io.eventbank.eventstore.testing.EventRows.insertEvent;
import static io.eventbank.eventstore.testing.EventRows.notifyAndCommit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventbank.eventstore.AggregateEvents;
import io.eventbank.eventstore.EventEnvelope;
import io.eventbank.eventstore.kafka.autoconfigure.EventSubscriptionAutoConfiguration;
import io.eventbank.eventstore.kafka.autoconfigure.EventTopicsAutoConfiguration;
import io.eventbank.eventstore.publisher.EventPublisher;
import io.eventbank.eventstore.subscription.EventSubscription;
import io.eventbank.eventstore.subscription.EventSubscriptionRuntime;
import io.eventbank.eventstore.testing.Infra;
import io.eventbank.eventstore.testing.TestEvent;
import io.eventbank.eventstore.testing.TestEvent.Opened;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

/** The auto-configuration as a service gets it: declared aggregate types, a subscription, Boot's settings. */
class EventStoreKafkaAutoConfigurationTest {

    static final AggregateEvents<TestEvent> EVENTS = TestEvent.uniqueType("Auto");

    @Configuration(proxyBeanMethods = false)
    static class ServiceConfiguration {

        @Bean
        AggregateEvents<TestEvent> testEvents() {
            return EVENTS;
        }

        @Bean
        List<EventEnvelope<TestEvent>> received() {
            return new CopyOnWriteArrayList<>();
        }

        @Bean
        EventSubscription openedProjection(List<EventEnvelope<TestEvent>> received) {
            return EventSubscription.builder("auto-projection-" + Infra.suffix())
                    .on(EVENTS, received::add)
                    .build();
        }

        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    private ApplicationContextRunner runner() {
        String url = Infra.infra().createDatabase("auto_" + Infra.suffix());
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        FlywayAutoConfiguration.class, KafkaAutoConfiguration.class,
                        EventPublisherAutoConfiguration.class, EventSubscriptionAutoConfiguration.class,
                        EventTopicsAutoConfiguration.class))
                .withUserConfiguration(ServiceConfiguration.class)
                .withPropertyValues(
                        "spring.datasource.url=" + url,
                        "spring.datasource.username=" + Infra.endpoints().postgresUser(),
                        "spring.datasource.password=" + Infra.endpoints().postgresPassword(),
                        "spring.kafka.bootstrap-servers=" + Infra.bootstrap(),
                        "eventbank.eventstore.publisher.id=auto",
                        "eventbank.eventstore.publisher.poll-interval=50ms",
                        "eventbank.eventstore.topics.partitions=2");
    }

    @Test
    @SuppressWarnings("unchecked")
    void createsTopicsPublishesStoredEventsAndDeliversThemToSubscriptions() {
        runner().run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(EventPublisher.class)
                    .hasSingleBean(EventSubscriptionRuntime.class).hasSingleBean(KafkaTemplate.class);

            try (Admin admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, Infra.bootstrap()))) {
                Map<String, TopicDescription> topics = admin.describeTopics(
                        List.of(EVENTS.topic(), EVENTS.deadLetterTopic())).allTopicNames().get(10, TimeUnit.SECONDS);
                assertThat(topics.values()).allSatisfy(t -> assertThat(t.partitions()).hasSize(2));
                Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(
                        new ConfigResource(ConfigResource.Type.TOPIC, EVENTS.topic()),
                        new ConfigResource(ConfigResource.Type.TOPIC, EVENTS.deadLetterTopic())))
                        .all().get(10, TimeUnit.SECONDS);
                assertThat(configs.values()).allSatisfy(c ->
                        assertThat(c.get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo("-1"));
            }

            UUID aggregateId = UUID.randomUUID();
            UUID eventId = UUID.randomUUID();
            try (Connection c = context.getBean(DataSource.class).getConnection()) {
                c.setAutoCommit(false);
                insertEvent(c, EVENTS.aggregateType(), eventId, aggregateId, 1, "Opened", "{\"owner\":\"ann\"}",
                        "{\"correlationId\":\"corr-1\",\"causationId\":\"cmd-1\",\"schemaVersion\":1,\"extra\":{\"k\":\"v\"}}");
                notifyAndCommit(c);
            }

            List<EventEnvelope<TestEvent>> received = context.getBean("received", List.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == 1);
            EventEnvelope<TestEvent> envelope = received.getFirst();
            assertThat(envelope.eventId()).isEqualTo(eventId);
            assertThat(envelope.aggregateId()).isEqualTo(aggregateId);
            assertThat(envelope.aggregateType()).isEqualTo(EVENTS.aggregateType());
            assertThat(envelope.version()).isEqualTo(1);
            assertThat(envelope.eventType()).isEqualTo("Opened");
            assertThat(envelope.position()).isPositive();
            assertThat(envelope.event()).isEqualTo(new Opened("ann"));
            assertThat(envelope.metadata().correlationId()).isEqualTo("corr-1");
            assertThat(envelope.metadata().causationId()).isEqualTo("cmd-1");
            assertThat(envelope.metadata().extra()).containsEntry("k", "v");

            SimpleMeterRegistry meters = context.getBean(SimpleMeterRegistry.class);
            assertThat(meters.counter("eventstore.publisher.published", "publisher", "auto").count()).isEqualTo(1.0);
            assertThat(meters.get("eventstore.publisher.leader").gauge().value()).isEqualTo(1.0);
            assertThat(meters.find("eventstore.publisher.lag.events").gauge()).isNotNull();
            assertThat(meters.find("eventstore.publisher.lag.age").gauge()).isNotNull();

            // the subscription's progress: its position moved past the record, no outage, ready
            assertThat(meters.get("eventstore.subscription.position").gauge().value()).isEqualTo(1.0);
            assertThat(meters.get("eventstore.subscription.outage").gauge().value()).isZero();
            Health health = context.getBean("eventSubscriptionsHealthIndicator", HealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).hasSize(1);
        });
    }

    @Test
    void publisherAndSubscriptionsCanBeSwitchedOff() {
        runner().withPropertyValues("eventbank.eventstore.publisher.enabled=false", "eventbank.eventstore.subscriptions.enabled=false",
                        "eventbank.eventstore.topics.create=false")
                .run(context -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean(EventPublisher.class)
                        .doesNotHaveBean(EventSubscriptionRuntime.class)
                        .doesNotHaveBean("eventStoreTopics"));
    }
}
