package io.eventbank.eventstore.postgres.autoconfigure;

import io.eventbank.eventstore.publisher.EventPublisher;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** Settings of the PostgreSQL event store and its outbox publisher ({@code eventbank.eventstore.*}). */
@Validated
@ConfigurationProperties("eventbank.eventstore")
public record EventStoreProperties(
        @Valid @NotNull @DefaultValue Publisher publisher,
        @Valid @NotNull @DefaultValue Snapshots snapshots,
        @Valid @NotNull @DefaultValue Cache cache,
        @Valid @NotNull @DefaultValue Dedup dedup) {

    /**
     * @param enabled      run a publisher in this process (one per database is active at a time)
     * @param id           offset row and advisory-lock name; one per database
     * @param pollInterval fallback poll when no wake-up (local commit or NOTIFY) arrives
     * @param batchSize    events read and sent per round
     */
    public record Publisher(
            @DefaultValue("true") boolean enabled,
            @NotBlank @DefaultValue("default") String id,
            @NotNull @DefaultValue("500ms") Duration pollInterval,
            @Min(1) @Max(10_000) @DefaultValue("2000") int batchSize) {

        public EventPublisher.Settings settings() {
            return new EventPublisher.Settings(id, pollInterval, batchSize);
        }
    }

    /**
     * @param every a load that replays at least this many events after the latest snapshot stores a
     *              new one (off the append path); 0 disables snapshots
     */
    public record Snapshots(@Min(0) @DefaultValue("100") int every) {
    }

    /**
     * @param aggregates committed aggregate states kept in memory per process (least recently used
     *                   out first); a cached load reads only the newer events; 0 disables the cache
     */
    public record Cache(@Min(0) @Max(10_000_000) @DefaultValue("10000") int aggregates) {
    }

    /**
     * @param retention     how long processed message ids are kept for duplicate detection
     * @param purgeInterval how often expired message ids are purged
     */
    public record Dedup(
            @NotNull @DefaultValue("7d") Duration retention,
            @NotNull @DefaultValue("1h") Duration purgeInterval) {
    }
}
