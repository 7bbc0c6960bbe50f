package io.eventbank.eventstore;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * An append-only log of events per aggregate, on PostgreSQL. Blocking; safe to call from many
 * (virtual) threads.
 *
 * <p>Guarantees: the events of one call are appended atomically with consecutive versions;
 * {@code unique(aggregate_id, version)} rejects a concurrent writer with
 * {@link OptimisticLockingException}; every committed event is later published to Kafka at least
 * once, in per-aggregate version order (see the publisher).
 */
public interface EventStore {

    /** Appends the first events of a new aggregate (versions 1..n). */
    <A extends Aggregate<A, E>, E> EntityIdAndVersion save(
            AggregateType<A, E> type, List<? extends E> events, AppendOptions options);

    /**
     * Appends events after {@code expected.version()}. With a triggering message id, the message
     * is recorded in the same transaction; a message already recorded for this aggregate appends
     * nothing and returns the version it produced.
     *
     * @throws OptimisticLockingException when the stored version is not {@code expected.version()}
     */
    <A extends Aggregate<A, E>, E> EntityIdAndVersion update(
            AggregateType<A, E> type, EntityIdAndVersion expected, List<? extends E> events,
            AppendOptions options);

    /**
     * {@link #update} that also says whether the triggering message was a duplicate. Comparing the
     * returned version with the expected one cannot tell when two deliveries of one message race
     * from the same version; this can.
     *
     * <p>The default serves stores that cannot tell better: it flags a duplicate only when the
     * returned version is not {@code expected.version() + events.size()}.
     *
     * @throws OptimisticLockingException when the stored version is not {@code expected.version()}
     */
    default <A extends Aggregate<A, E>, E> UpdateResult updateIdempotent(
            AggregateType<A, E> type, EntityIdAndVersion expected, List<? extends E> events,
            AppendOptions options) {
        EntityIdAndVersion stored = update(type, expected, events, options);
        return new UpdateResult(stored.id(), stored.version(),
                stored.version() != expected.version() + events.size());
    }

    /**
     * Events of one aggregate to append after {@code expectedVersion}, each with its own metadata.
     *
     * @param expectedVersion 0 for a new aggregate
     */
    record Append<E>(UUID id, int expectedVersion, List<? extends E> events, List<EventMetadata> metadata) {

        public Append {
            Objects.requireNonNull(id, "id");
            if (events.isEmpty() || events.size() != metadata.size()) {
                throw new IllegalArgumentException("an append needs events, each with its metadata");
            }
            events = List.copyOf(events);
            metadata = List.copyOf(metadata);
        }
    }

    /**
     * Appends to several aggregates at once: all or nothing. Inside a transaction it joins it.
     *
     * <p>The default appends one aggregate after the other and is atomic per aggregate only;
     * stores that can do better (the PostgreSQL store: one statement) override it.
     *
     * @throws OptimisticLockingException when any aggregate is not at its expected version
     */
    default <A extends Aggregate<A, E>, E> void appendAll(AggregateType<A, E> type, List<Append<E>> appends) {
        for (Append<E> append : appends) {
            AppendOptions options = AppendOptions.none().withMetadata(append.metadata().getFirst());
            if (append.expectedVersion() == 0) {
                save(type, append.events(), options.withAssignedId(append.id()));
            } else {
                update(type, new EntityIdAndVersion(append.id(), append.expectedVersion()), append.events(), options);
            }
        }
    }

    /**
     * Latest state of each of {@code ids} that exists, like {@link #findOptional} for each. The
     * default loads one after the other; the PostgreSQL store reads all in one query.
     */
    default <A extends Aggregate<A, E>, E> Map<UUID, EntityWithIdAndVersion<A>> findAll(
            AggregateType<A, E> type, Collection<UUID> ids) {
        Map<UUID, EntityWithIdAndVersion<A>> found = new LinkedHashMap<>();
        for (UUID id : ids) {
            findOptional(type, id).ifPresent(entity -> found.put(id, entity));
        }
        return found;
    }

    /**
     * Offers states the caller folded from this store's latest state plus the events it has just
     * appended. A store may keep them to serve later loads, but only once the append commits
     * (never for one that rolls back). The default keeps nothing.
     */
    default <A extends Aggregate<A, E>, E> void remember(AggregateType<A, E> type,
                                                       Collection<EntityWithIdAndVersion<A>> states) {
    }

    /** Latest state: newest compatible snapshot plus the events after it. */
    <A extends Aggregate<A, E>, E> Optional<EntityWithIdAndVersion<A>> findOptional(
            AggregateType<A, E> type, UUID id);

    /** @throws EntityNotFoundException when the aggregate does not exist */
    default <A extends Aggregate<A, E>, E> EntityWithIdAndVersion<A> find(AggregateType<A, E> type, UUID id) {
        return findOptional(type, id).orElseThrow(() -> new EntityNotFoundException(type.name(), id));
    }

    /** State after event {@code version}; empty when the aggregate or that version does not exist. */
    <A extends Aggregate<A, E>, E> Optional<EntityWithIdAndVersion<A>> findAtVersion(
            AggregateType<A, E> type, UUID id, int version);

    /** State of the aggregate as of {@code instant} (events that occurred at or before it). */
    <A extends Aggregate<A, E>, E> Optional<EntityWithIdAndVersion<A>> findAsOf(
            AggregateType<A, E> type, UUID id, Instant instant);

    /** The events themselves, version {@code fromVersion} onwards, at most {@code limit}. */
    <A extends Aggregate<A, E>, E> List<EventEnvelope<E>> history(
            AggregateType<A, E> type, UUID id, int fromVersion, int limit);

    /** Version that {@code messageId} produced for this aggregate, if it was processed. */
    Optional<Integer> processedVersion(UUID aggregateId, String messageId);
}
