package io.eventbank.eventstore;

import java.time.Instant;
import java.util.List;
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
