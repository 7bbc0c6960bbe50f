package io.eventbank.eventstore.subscription;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;

/**
 * How far one subscription got and whether it is waiting out an outage. Positions are those of the
 * partitions this instance holds; a revoked partition is forgotten.
 *
 * <p>Metrics (tags {@code subscriber}, {@code topic}, {@code partition}):
 * {@code eventstore.subscription.position} (the offset after the last record handled or skipped)
 * and {@code eventstore.subscription.position.age} (seconds since that position last moved;
 * alert when it grows while the consumer group has lag); tag {@code subscriber} only:
 * {@code eventstore.subscription.outage} (seconds the subscription has been waiting out a
 * transient failure, 0 when it is not).
 */
public final class SubscriptionProgress {

    /** A transient failure the subscription is waiting out, since its first failed attempt. */
    public record Outage(Instant since, String cause) {
    }

    /** What an operator sees of one partition. */
    public record Position(TopicPartition partition, long nextOffset, Instant movedAt) {
    }

    private final String subscriberId;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<TopicPartition, PartitionState> partitions = new ConcurrentHashMap<>();
    private volatile Outage outage;

    SubscriptionProgress(String subscriberId, MeterRegistry meters, Clock clock) {
        this.subscriberId = subscriberId;
        this.meters = meters;
        this.clock = clock;
        Gauge.builder("eventstore.subscription.outage", this, p -> p.outageSeconds())
                .description("Seconds the subscription has been waiting out a transient failure (0: none)")
                .baseUnit("seconds").tag("subscriber", subscriberId).register(meters);
    }

    public String subscriberId() {
        return subscriberId;
    }

    public Optional<Outage> outage() {
        return Optional.ofNullable(outage);
    }

    public Collection<Position> positions() {
        return partitions.values().stream().map(s -> new Position(s.partition, s.nextOffset, s.movedAt)).toList();
    }

    void handled(TopicPartition partition, long offset) {
        Instant now = clock.instant();
        PartitionState state = partitions.computeIfAbsent(partition, p -> new PartitionState(p, now));
        if (offset + 1 > state.nextOffset) {
            state.nextOffset = offset + 1;
            state.movedAt = now;
        }
    }

    /** The poll went through: any outage is over. */
    void succeeded() {
        outage = null;
    }

    void waiting(Throwable cause) {
        if (outage == null) {
            outage = new Outage(clock.instant(), String.valueOf(cause));
        }
    }

    void revoked(Collection<TopicPartition> revoked) {
        for (TopicPartition partition : revoked) {
            PartitionState state = partitions.remove(partition);
            if (state != null) {
                meters.remove(state.position);
                meters.remove(state.age);
            }
        }
    }

    private double outageSeconds() {
        Outage current = outage;
        return current == null ? 0 : Duration.between(current.since(), clock.instant()).toMillis() / 1000.0;
    }

    private final class PartitionState {
        final TopicPartition partition;
        final Gauge position;
        final Gauge age;
        volatile long nextOffset = -1;
        volatile Instant movedAt;

        PartitionState(TopicPartition partition, Instant now) {
            this.partition = partition;
            this.movedAt = now;
            String[] tags = {"subscriber", subscriberId, "topic", partition.topic(),
                    "partition", Integer.toString(partition.partition())};
            position = Gauge.builder("eventstore.subscription.position", this, s -> s.nextOffset)
                    .description("Offset after the last record the subscription handled or skipped")
                    .tags(tags).register(meters);
            age = Gauge.builder("eventstore.subscription.position.age", this,
                            s -> Duration.between(s.movedAt, clock.instant()).toMillis() / 1000.0)
                    .description("Seconds since the subscription's position on this partition last moved")
                    .baseUnit("seconds").tags(tags).register(meters);
        }
    }
}
