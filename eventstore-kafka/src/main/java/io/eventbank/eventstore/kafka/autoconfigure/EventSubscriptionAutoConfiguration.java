package io.eventbank.eventstore.kafka.autoconfigure;

import io.eventbank.eventstore.json.EventCodec;
import io.eventbank.eventstore.subscription.EventSubscription;
import io.eventbank.eventstore.subscription.EventSubscriptionRuntime;
import io.eventbank.eventstore.subscription.FailureClassifier;
import io.eventbank.eventstore.subscription.SubscriptionStore;
import io.eventbank.eventstore.subscription.SubscriptionTracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Starts one listener container per {@link EventSubscription} bean when
 * {@code eventbank.eventstore.subscriptions.enabled} (default true). A service subscribes by declaring
 * <pre>{@code
 * @Bean
 * EventSubscription transferSaga(TransferSagaHandlers h) {
 *     return EventSubscription.builder("transfer-saga")          // consumer group
 *             .onBatch(AccountEvents.EVENTS, h::onAccountEvents) // switches over AccountEvent
 *             .build();
 * }
 * }</pre>
 * Consumers use Boot's {@code spring.kafka.consumer.*} settings with {@code group.id},
 * {@code auto.offset.reset=earliest}, {@code enable.auto.commit=false} and String deserializers
 * forced; retries and concurrency come from {@code eventbank.eventstore.subscriptions.*}. When the application
 * has a {@link SubscriptionStore} (eventstore-postgres registers one on the DataSource), every poll
 * is handled in its transaction with positions and applied versions; otherwise the group's offsets
 * are the positions. With Micrometer Tracing's {@link Tracer} and {@link Propagator} beans (Boot's
 * tracing auto-configuration), every delivery is traced ({@link SubscriptionTracing}). A
 * {@link FailureClassifier} bean replaces the standard one (a service adds its stores' outage
 * exceptions); the health indicator {@code eventSubscriptions} is DOWN while a subscription waits
 * out a transient failure, for readiness groups to include.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class,
        afterName = "io.eventbank.eventstore.postgres.autoconfigure.EventStoreAutoConfiguration")
@ConditionalOnBean(EventSubscription.class)
@ConditionalOnProperty(prefix = "eventbank.eventstore.subscriptions", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(EventSubscriptionProperties.class)
@Import(EventKafkaConfiguration.class)
public class EventSubscriptionAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    EventSubscriptionRuntime eventSubscriptionRuntime(ObjectProvider<EventSubscription> subscriptions,
                                                      KafkaProperties kafka, KafkaConnectionDetails details,
                                                      EventStoreKafkaProducer producer, EventCodec codec,
                                                      EventSubscriptionProperties properties,
                                                      ObjectProvider<SubscriptionStore> store,
                                                      ObjectProvider<MeterRegistry> meters,
                                                      ObjectProvider<Tracer> tracer,
                                                      ObjectProvider<Propagator> propagator,
                                                      ObjectProvider<FailureClassifier> classifier) {
        Tracer t = tracer.getIfUnique();
        Propagator p = propagator.getIfUnique();
        SubscriptionTracing tracing = t != null && p != null ? SubscriptionTracing.of(t, p) : SubscriptionTracing.none();
        return new EventSubscriptionRuntime(subscriptions.orderedStream().toList(),
                EventKafkaClients.consumerFactory(kafka, details), producer.template(), codec,
                store.getIfUnique(SubscriptionStore::kafkaOffsets), properties.subscriptions().settings(),
                EventKafkaConfiguration.meters(meters), tracing,
                classifier.getIfUnique(FailureClassifier::standard));
    }

    @Bean
    @ConditionalOnMissingBean(name = "eventSubscriptionsHealthIndicator")
    HealthIndicator eventSubscriptionsHealthIndicator(EventSubscriptionRuntime runtime) {
        return new SubscriptionsHealthIndicator(runtime);
    }
}
