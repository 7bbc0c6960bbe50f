package io.eventbank.view.rebuild.infrastructure;

import io.eventbank.events.BankingEvents;
import io.eventbank.eventstore.json.EventCodec;
import io.eventbank.eventstore.subscription.EventSubscription;
import io.eventbank.eventstore.subscription.FailureClassifier;
import io.eventbank.view.ViewProperties;
import io.eventbank.view.projection.application.LiveProjection;
import io.eventbank.view.projection.application.ViewGenerations;
import io.eventbank.view.projection.infrastructure.ViewConfiguration;
import io.eventbank.view.rebuild.application.EventHistory;
import io.eventbank.view.rebuild.application.RebuildService;
import io.eventbank.view.rebuild.application.ViewRefill;
import java.time.Duration;
import java.util.UUID;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The rebuild, the refill of a store that lost its views, and the live subscription they guard. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class RebuildConfiguration {

    /** How long a poll that met a gap waits for a running refill before it backs off (well within max.poll.interval). */
    private static final Duration REFILL_PATIENCE = Duration.ofSeconds(10);

    @Bean
    KafkaEnvelopeReader kafkaEnvelopeReader(EventCodec codec) {
        return new KafkaEnvelopeReader(codec);
    }

    @Bean
    EventHistory eventHistory(KafkaEnvelopeReader reader, KafkaAdmin admin, ViewProperties properties) {
        return new KafkaEventHistory(reader, admin.getConfigurationProperties(), properties.rebuildPollTimeout());
    }

    /** This process among the view's instances (heartbeats in {@code view_instances}). */
    private final String instance = UUID.randomUUID().toString();

    /** Peers are waited for up to three checks: one to see the announcement, one to report, one to spare. */
    @Bean(destroyMethod = "stop")
    RebuildService rebuildService(ViewGenerations generations, LiveProjection projection, EventHistory history,
                                  ViewProperties properties) {
        Duration threeChecks = properties.storeCheckInterval().multipliedBy(3);
        return new RebuildService(generations, projection, history,
                new RebuildService.Peers(instance, threeChecks, threeChecks));
    }

    @Bean
    ViewRefill viewRefill(ViewGenerations generations, LiveProjection projection, EventHistory history,
                          RebuildService rebuilds) {
        return new ViewRefill(generations, projection, history, rebuilds, instance);
    }

    @Bean
    StoreWatch storeWatch(ViewRefill refill, ViewProperties properties) {
        return new StoreWatch(refill, properties.storeCheckInterval());
    }

    /** MongoDB outages and version gaps met while the views are refilled are waited out, not dead-lettered. */
    @Bean
    FailureClassifier failureClassifier() {
        return ViewConfiguration.failureClassifier().orTransientWhen(ViewRefill.RefillingException.class::isInstance);
    }

    /** DOWN while the store has lost its views and until a refill (by this or another instance) switched (reads would miss accounts). */
    @Bean
    HealthIndicator viewStoreHealthIndicator(ViewRefill refill) {
        return () -> refill.refilling()
                .map(status -> Health.down().withDetail("refilling", status.rebuildId())
                        .withDetail("generation", status.generation())
                        .withDetail("eventsProcessed", status.eventsProcessed()).build())
                .orElseGet(() -> refill.lost() ? Health.down().withDetail("lost", "no current generation recorded;"
                        + " an instance refills it").build() : Health.up().build());
    }

    /** The live projection: a poll's Account and MoneyTransfer events, each type in bulk, applied by version. */
    @Bean
    EventSubscription accountViewSubscription(LiveProjection projection, ViewRefill refill, ViewProperties properties) {
        var accountEvents = refill.guard(projection::onAccountEvents, REFILL_PATIENCE);
        var transferEvents = refill.guard(projection::onTransferEvents, REFILL_PATIENCE);
        return EventSubscription.builder(properties.subscriberId())
                .onBatch(BankingEvents.ACCOUNT, accountEvents::apply)
                .onBatch(BankingEvents.TRANSFER, transferEvents::apply)
                .build();
    }
}
