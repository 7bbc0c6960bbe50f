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
 * @param outageMaxBackoff longest retry delay while a transient failure lasts (see
 *                       {@link FailureClassifier}); such a record is retried until it passes
 */
public record SubscriptionSettings(int concurrency, int maxAttempts, Duration initialBackoff, Duration maxBackoff,
                                   Duration outageMaxBackoff) {

    public static final Duration DEFAULT_OUTAGE_MAX_BACKOFF = Duration.ofSeconds(30);

    public SubscriptionSettings {
        if (concurrency < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("concurrency and maxAttempts must be at least 1");
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(outageMaxBackoff, "outageMaxBackoff");
    }

    /** With {@link #DEFAULT_OUTAGE_MAX_BACKOFF}. */
    public SubscriptionSettings(int concurrency, int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        this(concurrency, maxAttempts, initialBackoff, maxBackoff, DEFAULT_OUTAGE_MAX_BACKOFF);
    }
}
