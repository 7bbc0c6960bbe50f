package io.eventbank.eventstore;

import java.util.List;
import java.util.UUID;

/**
 * Command handling on top of an {@link EventStore}: load, {@code process}, append, with a bounded
 * number of retries when another writer got in first.
 *
 * <p>An update that carries a triggering message id is idempotent: a message already processed for
 * the aggregate appends nothing and returns the state at the version it produced, flagged
 * {@link EntityWithIdAndVersion#duplicate()}.
 */
public final class AggregateRepository<A extends CommandProcessingAggregate<A, C, E>, C, E> {

    /** Attempts per command when the default is not overridden. */
    public static final int DEFAULT_MAX_ATTEMPTS = 50;

    private final EventStore store;
    private final AggregateType<A, E> type;
    private final int maxAttempts;
    private final Runnable onConflict;

    public AggregateRepository(EventStore store, AggregateType<A, E> type) {
        this(store, type, DEFAULT_MAX_ATTEMPTS, () -> { });
    }

    /**
     * @param maxAttempts attempts per command before the last {@link OptimisticLockingException}
     *                    is rethrown
     * @param onConflict  called on each retried conflict (e.g. to count it)
     */
    public AggregateRepository(EventStore store, AggregateType<A, E> type, int maxAttempts, Runnable onConflict) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        this.store = store;
        this.type = type;
        this.maxAttempts = maxAttempts;
        this.onConflict = onConflict;
    }

    public AggregateType<A, E> type() {
        return type;
    }

    /**
     * Processes {@code command} against the initial state and saves the events as a new aggregate.
     *
     * @throws DomainException when the command is rejected or yields no event
     */
    public EntityWithIdAndVersion<A> create(C command, AppendOptions options) {
        List<E> events = type.initialState().process(command);
        if (events.isEmpty()) {
            throw new DomainException("no-events", "Command " + command.getClass().getSimpleName()
                    + " created no event");
        }
        EntityIdAndVersion saved = store.save(type, events, options);
        return new EntityWithIdAndVersion<>(saved.id(), saved.version(), fold(type.initialState(), events));
    }

    /**
     * Loads the aggregate, processes {@code command} and appends the events, retrying on conflicts.
     *
     * @throws EntityNotFoundException    when the aggregate does not exist
     * @throws DomainException            when the command is rejected
     * @throws OptimisticLockingException when every attempt met a concurrent writer
     */
    public EntityWithIdAndVersion<A> update(UUID id, C command, AppendOptions options) {
        OptimisticLockingException last = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            if (options.triggeringMessageId() != null) {
                var processed = store.processedVersion(id, options.triggeringMessageId());
                if (processed.isPresent()) {
                    return duplicateAt(id, processed.get());
                }
            }
            EntityWithIdAndVersion<A> current = store.find(type, id);
            List<E> events = current.aggregate().process(command);
            if (events.isEmpty()) {
                return current;
            }
            try {
                UpdateResult stored = store.updateIdempotent(type, current.idAndVersion(), events, options);
                if (stored.duplicate()) {
                    return duplicateAt(id, stored.version());
                }
                return new EntityWithIdAndVersion<>(id, stored.version(), fold(current.aggregate(), events));
            } catch (OptimisticLockingException e) {
                last = e;
                onConflict.run();
                Thread.onSpinWait();
            }
        }
        throw last;
    }

    private EntityWithIdAndVersion<A> duplicateAt(UUID id, int version) {
        A state = store.findAtVersion(type, id, version)
                .orElseThrow(() -> new EntityNotFoundException(type.name(), id))
                .aggregate();
        return new EntityWithIdAndVersion<>(id, version, state, true);
    }

    private A fold(A state, List<E> events) {
        A result = state;
        for (E event : events) {
            result = result.apply(event);
        }
        return result;
    }
}
