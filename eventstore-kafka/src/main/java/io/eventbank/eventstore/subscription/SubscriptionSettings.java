package io.eventbank.eventstore.subscription;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the {@link EventSubscriptionRuntime}.
 *
 * @param concurrency    consumer threads per subscription
 * @param maxAttempts    deliveries of a failing record before it is dead-lettered
 * @param initialBackoff first retry delay, doubled up to {@code maxBackoff}
 * @param maxBackoff     longest retry delay
 */
public record SubscriptionSettings(int concurrency, int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    public SubscriptionSettings {
        if (concurrency < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("concurrency and maxAttempts must be at least 1");
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
    }
}
