package io.eventbank.eventstore.kafka.autoconfigure;

import io.eventbank.eventstore.subscription.SubscriptionSettings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the event topics and the subscriptions ({@code eventbank.eventstore.topics.*},
 * {@code eventbank.eventstore.subscriptions.*}).
 */
@Validated
@ConfigurationProperties("eventbank.eventstore")
public record EventSubscriptionProperties(
        @Valid @NotNull @DefaultValue Topics topics,
        @Valid @NotNull @DefaultValue Subscriptions subscriptions) {

    /**
     * @param create            create the declared aggregate topics and their {@code -dlt} topics at start-up
     * @param partitions        partitions of each created topic
     * @param replicationFactor replicas of each created topic
     */
    public record Topics(
            @DefaultValue("true") boolean create,
            @Min(1) @DefaultValue("4") int partitions,
            @Min(1) @DefaultValue("1") short replicationFactor) {
    }

    /**
     * @param enabled        start a listener container for every {@code EventSubscription} bean
     * @param concurrency    consumer threads per subscription
     * @param maxAttempts    deliveries of a failing record before it is dead-lettered
     * @param initialBackoff first retry delay, doubled up to {@code maxBackoff}
     * @param maxBackoff     longest retry delay
     * @param outageMaxBackoff longest retry delay while a transient failure (database, broker or
     *                       store unavailable, a timeout) lasts; such records are retried until they pass
     */
    public record Subscriptions(
            @DefaultValue("true") boolean enabled,
            @Min(1) @DefaultValue("1") int concurrency,
            @Min(1) @DefaultValue("4") int maxAttempts,
            @NotNull @DefaultValue("100ms") Duration initialBackoff,
            @NotNull @DefaultValue("1s") Duration maxBackoff,
            @NotNull @DefaultValue("30s") Duration outageMaxBackoff) {

        public SubscriptionSettings settings() {
            return new SubscriptionSettings(concurrency, maxAttempts, initialBackoff, maxBackoff, outageMaxBackoff);
        }
    }
}
