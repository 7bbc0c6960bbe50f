package io.eventbank.eventstore.autoconfigure;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** Settings of the event store, its publisher and subscriptions ({@code eventstore.*}). */
@Validated
@ConfigurationProperties("eventstore")
public record EventStoreProperties(
        @Valid @NotNull @DefaultValue Publisher publisher,
        @Valid @NotNull @DefaultValue Snapshots snapshots,
        @Valid @NotNull @DefaultValue Dedup dedup,
        @Valid @NotNull @DefaultValue Topics topics,
        @Valid @NotNull @DefaultValue Subscriptions subscriptions) {

    /**
     * @param enabled      run a publisher in this process (one per database is active at a time)
     * @param id           offset row and advisory-lock name; one per database
     * @param pollInterval fallback poll when no NOTIFY arrives
     * @param batchSize    events read and sent per round
     */
    public record Publisher(
            @DefaultValue("true") boolean enabled,
            @NotBlank @DefaultValue("default") String id,
            @NotNull @DefaultValue("500ms") Duration pollInterval,
            @Min(1) @Max(10_000) @DefaultValue("500") int batchSize) {
    }

    /**
     * @param every a load that replays at least this many events after the latest snapshot stores a
     *              new one (off the append path); 0 disables snapshots
     */
    public record Snapshots(@Min(0) @DefaultValue("100") int every) {
    }

    /** @param retention how long processed message ids are kept for duplicate detection */
    public record Dedup(
            @NotNull @DefaultValue("7d") Duration retention,
            @NotNull @DefaultValue("1h") Duration purgeInterval) {
    }

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
     */
    public record Subscriptions(
            @DefaultValue("true") boolean enabled,
            @Min(1) @DefaultValue("1") int concurrency,
            @Min(1) @DefaultValue("4") int maxAttempts,
            @NotNull @DefaultValue("100ms") Duration initialBackoff,
            @NotNull @DefaultValue("1s") Duration maxBackoff) {
    }
}
