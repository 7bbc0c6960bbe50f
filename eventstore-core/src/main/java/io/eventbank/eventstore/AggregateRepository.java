package io.eventbank.eventstore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;

/**
 * Command handling on top of an {@link EventStore}: load, {@code process}, append, retried (bounded,
 * with a short jittered exponential back-off) when another writer got in first.
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
    private final RetryTemplate retry;

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
        this.retry = new RetryTemplate(RetryPolicy.builder()
                .includes(OptimisticLockingException.class)
                .maxRetries(maxAttempts - 1)
                .delay(Duration.ofMillis(1))
                .jitter(Duration.ofMillis(1))
                .multiplier(2)
                .maxDelay(Duration.ofMillis(50))
                .build());
        this.retry.setRetryListener(new RetryListener() {
            @Override
            public void beforeRetry(RetryPolicy policy, Retryable<?> retryable) {
                onConflict.run();
            }
        });
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
        var created = new EntityWithIdAndVersion<>(saved.id(), saved.version(), fold(type.initialState(), events));
        store.remember(type, List.of(created));
        return created;
    }

    /**
     * Loads the aggregate, processes {@code command} and appends the events, retrying on conflicts.
     *
     * @throws EntityNotFoundException    when the aggregate does not exist
     * @throws DomainException            when the command is rejected
     * @throws OptimisticLockingException when every attempt met a concurrent writer
     */
    public EntityWithIdAndVersion<A> update(UUID id, C command, AppendOptions options) {
        return retry.invoke(() -> {
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
            UpdateResult stored = store.updateIdempotent(type, current.idAndVersion(), events, options);
            if (stored.duplicate()) {
                return duplicateAt(id, stored.version());
            }
            var updated = new EntityWithIdAndVersion<>(id, stored.version(), fold(current.aggregate(), events));
            store.remember(type, List.of(updated));
            return updated;
        });
    }

    /** A command for one existing aggregate, as part of {@link #updateAll}. */
    public record PendingCommand<C>(UUID aggregateId, C command, AppendOptions options) {
    }

    /**
     * Processes many commands as one unit: the aggregates they name are loaded together
     * ({@link EventStore#findAll}), the commands are folded in list order (so two commands for one
     * aggregate see each other's events), and all resulting events are appended together
     * ({@link EventStore#appendAll}); on a conflict the whole unit is retried. Triggering message ids
     * are not consulted: callers deduplicate before (subscriptions do, by source version).
     *
     * @return the resulting state of every aggregate named, in first-named order
     * @throws EntityNotFoundException    when an aggregate does not exist (nothing is appended)
     * @throws DomainException            when a command is rejected (nothing is appended)
     * @throws OptimisticLockingException when every attempt met a concurrent writer
     */
    public Map<UUID, EntityWithIdAndVersion<A>> updateAll(List<PendingCommand<C>> commands) {
        if (commands.isEmpty()) {
            return Map.of();
        }
        Set<UUID> ids = new LinkedHashSet<>();
        commands.forEach(c -> ids.add(c.aggregateId()));
        return retry.invoke(() -> {
            Map<UUID, EntityWithIdAndVersion<A>> loaded = store.findAll(type, ids);
            Map<UUID, Pending> pending = new LinkedHashMap<>();
            for (PendingCommand<C> command : commands) {
                Pending target = pending.computeIfAbsent(command.aggregateId(), id -> {
                    EntityWithIdAndVersion<A> found = loaded.get(id);
                    if (found == null) {
                        throw new EntityNotFoundException(type.name(), id);
                    }
                    return new Pending(found);
                });
                for (E event : target.state.process(command.command())) {
                    target.state = target.state.apply(event);
                    target.events.add(event);
                    target.metadata.add(command.options().metadata());
                }
            }
            List<EventStore.Append<E>> appends = new ArrayList<>();
            pending.forEach((id, p) -> {
                if (!p.events.isEmpty()) {
                    appends.add(new EventStore.Append<>(id, p.loaded.version(), p.events, p.metadata));
                }
            });
            if (!appends.isEmpty()) {
                store.appendAll(type, appends);
            }
            Map<UUID, EntityWithIdAndVersion<A>> result = new LinkedHashMap<>();
            List<EntityWithIdAndVersion<A>> changed = new ArrayList<>();
            pending.forEach((id, p) -> {
                var state = new EntityWithIdAndVersion<>(id, p.loaded.version() + p.events.size(), p.state);
                result.put(id, state);
                if (!p.events.isEmpty()) {
                    changed.add(state);
                }
            });
            store.remember(type, changed);
            return result;
        });
    }

    private final class Pending {

        final EntityWithIdAndVersion<A> loaded;
        final List<E> events = new ArrayList<>();
        final List<EventMetadata> metadata = new ArrayList<>();
        A state;

        Pending(EntityWithIdAndVersion<A> loaded) {
            this.loaded = loaded;
            this.state = loaded.aggregate();
        }
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
