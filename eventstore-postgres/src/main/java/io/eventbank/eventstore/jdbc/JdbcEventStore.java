package io.eventbank.eventstore.jdbc;

import io.eventbank.eventstore.Aggregate;
import io.eventbank.eventstore.AggregateType;
import io.eventbank.eventstore.AppendOptions;
import io.eventbank.eventstore.EntityIdAndVersion;
import io.eventbank.eventstore.EntityWithIdAndVersion;
import io.eventbank.eventstore.EventEnvelope;
import io.eventbank.eventstore.EventMetadata;
import io.eventbank.eventstore.EventStore;
import io.eventbank.eventstore.OptimisticLockingException;
import io.eventbank.eventstore.TransactionConflictException;
import io.eventbank.eventstore.UpdateResult;
import io.eventbank.eventstore.json.EventCodec;
import io.eventbank.eventstore.json.StoredPayload;
import io.eventbank.eventstore.json.UnknownEventTypeException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link EventStore} on PostgreSQL (schema {@code V1__eventstore_schema.sql}) with Spring's
 * {@link JdbcClient}; array parameters are bound as {@link SqlArrayValue}s.
 *
 * <p>Guarantees beyond {@link EventStore}:
 * <ul>
 *   <li>an append is atomic: its events (consecutive versions) go in one {@code INSERT} statement,
 *       and the processed message id, when one is given, in the same transaction. Without a
 *       triggering message id and outside a transaction the statement auto-commits on its own
 *       (one round trip); inside a Spring transaction on the store's DataSource it joins that
 *       transaction. After the commit, the {@linkplain #addCommitListener listeners} are called and,
 *       when {@link Options#notifyOnAppend()} is on, a coalesced {@code NOTIFY} on
 *       {@link #NOTIFY_CHANNEL} follows (never inside the append transaction, where it would
 *       serialise all commits; see {@link CommitNotifier});</li>
 *   <li>{@code update} checks that the expected version exists, so it never leaves a gap;
 *       {@code save} with an assigned id that exists fails with {@link OptimisticLockingException};</li>
 *   <li>reads fold the newest snapshot whose schema version equals
 *       {@link AggregateType#snapshotSchemaVersion()} plus the later events, each through the
 *       upcaster chain; an unreadable or incompatible snapshot is ignored (full replay) and a
 *       stored event whose type no record carries any more is skipped with a warning;</li>
 *   <li>with {@link Options#cachedAggregates()} on, committed states are kept in memory and a load
 *       reads only the events after the cached version (one query however many aggregates);
 *       a conflict evicts the aggregates concerned;</li>
 *   <li>snapshots are written off the append path: a {@code find} that replayed at least
 *       {@link Options#snapshotEvery()} events after the latest snapshot stores the new state
 *       (only ever replacing an older one); a failure to store it is logged, never thrown.</li>
 * </ul>
 * Metrics (when a {@link MeterRegistry} is given): {@code eventstore.events.appended} counter,
 * {@code eventstore.append} timer and {@code eventstore.conflicts} counter, all tagged
 * {@code aggregate.type}.
 */
public class JdbcEventStore implements EventStore, AutoCloseable {

    /** Channel notified (empty payload) after appends commit; publishers {@code LISTEN} on it. */
    public static final String NOTIFY_CHANNEL = "eventstore_events";

    private static final Logger log = LoggerFactory.getLogger(JdbcEventStore.class);

    /**
     * Every append, of one aggregate or several, whatever its number of rows: one
     * {@code INSERT ... SELECT FROM unnest(...)}, atomic on its own, positions in row order. The
     * guards are the versions that must exist before the rows (an aggregate's expected version; none
     * for a new one): unless every guard holds, no row is inserted, as a partial insert could not be
     * undone once the statement committed by itself. The unique {@code (aggregate_id, version)}
     * catches the rest.
     *
     * <p>Written for PostgreSQL's planner: each guard is one probe of that unique index (the
     * {@code exists} inside the aggregate stays a subplan, where a {@code not exists} would be turned
     * into an anti join that may be planned as a scan of the whole table), and the guard arrays are
     * read through scalar subqueries, which hide their length from custom plans: the estimates do
     * not depend on the parameters, so PostgreSQL keeps one generic plan for the prepared statement
     * instead of planning each execution anew.
     */
    private static final String APPEND = """
            insert into es_events (event_id, aggregate_type, aggregate_id, version, event_type, payload, metadata)
            select v.event_id, :type, v.aggregate_id, v.version, v.event_type, v.payload::jsonb, v.metadata::jsonb
              from unnest(:eventIds::uuid[], :ids::uuid[], :versions::int[], :eventTypes::text[], :payloads::text[],
                          :metadata::text[])
                   with ordinality as v(event_id, aggregate_id, version, event_type, payload, metadata, n)
             where (select bool_and(exists (select 1 from es_events p
                                             where p.aggregate_id = g.aggregate_id and p.version = g.version))
                      from unnest((select :guardIds::uuid[]), (select :guardVersions::int[])) as g(aggregate_id, version)
                   ) is not false
             order by v.n
            """;

    /**
     * Inside a transaction a unique violation would abort the whole transaction (and with it a
     * subscription's poll), so there {@link #appendAll} skips conflicting rows instead and deletes the
     * rows of the other aggregates again ({@link #UNDO_APPEND}): the transaction stays usable for a retry.
     */
    private static final String APPEND_SKIPPING_CONFLICTS = APPEND.strip() + "\non conflict do nothing\n";

    private static final String UNDO_APPEND = """
            delete from es_events where event_id = any(:eventIds::uuid[])
            """;

    private static final String RECORD_MESSAGE = """
            insert into es_processed_messages (aggregate_id, message_id, version)
            values (:id, :messageId, :version)
            on conflict do nothing
            """;

    private static final String PROCESSED_VERSION = """
            select version from es_processed_messages where aggregate_id = :id and message_id = :messageId
            """;

    private static final String PURGE_PROCESSED = """
            delete from es_processed_messages where processed_at < now() - make_interval(secs => :seconds)
            """;

    /** Events after {@code after} up to {@code upTo}, in version order. */
    private static final String READ_EVENTS = """
            select version, event_type, payload::text as payload,
                   coalesce((metadata->>'schemaVersion')::int, %d) as schema_version
              from es_events
             where aggregate_id = :id and aggregate_type = :type and version > :after and version <= :upTo
             order by version
            """.formatted(StoredPayload.DEFAULT_SCHEMA_VERSION);

    private static final String READ_HISTORY = """
            select event_id, version, event_type, occurred_at, position, payload::text as payload,
                   metadata::text as metadata
              from es_events
             where aggregate_id = :id and aggregate_type = :type and version >= :from
             order by version
             limit :limit
            """;

    private static final String VERSION_AS_OF = """
            select max(version) from es_events
             where aggregate_id = :id and aggregate_type = :type and occurred_at <= :instant
            """;

    private static final String READ_SNAPSHOT = """
            select version, schema_version, payload::text as payload
              from es_snapshots
             where aggregate_id = :id and aggregate_type = :type and version <= :upTo
            """;

    /** Upserts unless a newer snapshot is stored; an unusable one is also replaced at the same version. */
    private static final String STORE_SNAPSHOT = """
            insert into es_snapshots (aggregate_id, aggregate_type, version, schema_version, payload)
            values (:id, :type, :version, :schemaVersion, :payload::jsonb)
            on conflict (aggregate_id) do update
               set aggregate_type = excluded.aggregate_type, version = excluded.version,
                   schema_version = excluded.schema_version, payload = excluded.payload, created_at = now()
             where es_snapshots.version < excluded.version
                or (:replaceUnusable and es_snapshots.version = excluded.version)
            """;

    private final JdbcClient jdbc;
    private final StandaloneStatements standalone;
    private final TransactionTemplate tx;
    private final EventCodec codec;
    private final Options options;
    private final MeterRegistry meters;
    private final Map<String, TypeMeters> typeMeters = new ConcurrentHashMap<>();
    private final CommitNotifier notifier;
    private final StateCache cache;

    /**
     * @param snapshotEvery    events after the latest snapshot at which a load stores a new one; 0
     *                         disables snapshots
     * @param notifyOnAppend   {@code NOTIFY} {@link #NOTIFY_CHANNEL} after appends commit, for
     *                         publishers of other processes (commit listeners are called either way)
     * @param cachedAggregates committed states kept in memory (least recently used first out): a
     *                         cached load reads only the events after the cached version; 0 disables
     *                         the cache. Only this process's view of the history is cached, so a
     *                         database restored to an earlier point needs the process restarted.
     */
    public record Options(int snapshotEvery, boolean notifyOnAppend, int cachedAggregates) {

        public Options {
            if (snapshotEvery < 0) {
                throw new IllegalArgumentException("snapshotEvery must not be negative");
            }
            if (cachedAggregates < 0) {
                throw new IllegalArgumentException("cachedAggregates must not be negative");
            }
        }

        /** Snapshots every 100 events, notify on, no state cache. */
        public static Options defaults() {
            return new Options(100, true, 0);
        }

        public Options withSnapshotEvery(int every) {
            return new Options(every, notifyOnAppend, cachedAggregates);
        }

        public Options withNotifyOnAppend(boolean notify) {
            return new Options(snapshotEvery, notify, cachedAggregates);
        }

        public Options withCachedAggregates(int aggregates) {
            return new Options(snapshotEvery, notifyOnAppend, aggregates);
        }
    }

    /** A store with its own {@link DataSourceTransactionManager} and no metrics. */
    public JdbcEventStore(DataSource dataSource, EventCodec codec, Options options) {
        this(dataSource, new DataSourceTransactionManager(dataSource), codec, options, null);
    }

    /**
     * @param dataSource         the store's statements go through a {@link JdbcClient} on it
     * @param transactionManager manages {@code dataSource}; an append joins a transaction already in
     *                           progress on it
     * @param meterRegistry      may be null (no metrics)
     */
    public JdbcEventStore(DataSource dataSource, PlatformTransactionManager transactionManager, EventCodec codec,
                          Options options, MeterRegistry meterRegistry) {
        this.jdbc = JdbcClient.create(dataSource);
        this.standalone = new StandaloneStatements(dataSource);
        this.tx = new TransactionTemplate(transactionManager);
        this.codec = codec;
        this.options = options;
        this.meters = meterRegistry != null ? meterRegistry : new CompositeMeterRegistry();
        this.notifier = new CommitNotifier(jdbc, standalone, options.notifyOnAppend());
        this.cache = options.cachedAggregates() > 0 ? new StateCache(options.cachedAggregates()) : null;
    }

    /**
     * Calls {@code listener} after every append of this store commits, on the committing thread: it
     * must be quick and not block (e.g. {@code EventPublisher::wakeUp} of a publisher on this
     * database). A listener that answers true has taken care of publishing (its publisher leads), and
     * no {@code NOTIFY} is sent for that commit: publishers of other processes only stand by then.
     */
    public void addCommitListener(BooleanSupplier listener) {
        notifier.addListener(java.util.Objects.requireNonNull(listener, "listener"));
    }

    public Options options() {
        return options;
    }

    /** Stops the background notifier thread, if any. */
    @Override
    public void close() {
        notifier.close();
    }

    /**
     * Whether the append runs as one auto-commit statement: nothing else must be written with it
     * and no transaction is in progress that it would have to join.
     */
    private static boolean standalone(String messageId) {
        return messageId == null && !TransactionSynchronizationManager.isActualTransactionActive();
    }

    /** Registers the wake-up for after the commit of the transaction the append runs in. */
    private void notifyAfterCommit() {
        if (notifier.active() && TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    notifier.signal();
                }
            });
        }
    }

    // ---------------------------------------------------------------- append

    @Override
    public <A extends Aggregate<A, E>, E> EntityIdAndVersion save(
            AggregateType<A, E> type, List<? extends E> events, AppendOptions options) {
        requireEvents(events);
        UUID id = options.assignedId() != null ? options.assignedId() : UUID.randomUUID();
        return timed(type, () -> {
            Rows rows = new Rows(events.size());
            rows.add(type, id, 0, events, Collections.nCopies(events.size(), options.metadata()), false);
            try {
                if (standalone(null)) {
                    insertStandalone(type, rows);
                    signalCommitted();
                } else {
                    tx.executeWithoutResult(status -> {
                        insert(APPEND, type, rows);
                        notifyAfterCommit();
                    });
                }
            } catch (DuplicateKeyException e) {
                throw conflict(type, id, 0, e);
            }
            counted(type).appended().increment(events.size());
            return new EntityIdAndVersion(id, events.size());
        });
    }

    @Override
    public <A extends Aggregate<A, E>, E> EntityIdAndVersion update(
            AggregateType<A, E> type, EntityIdAndVersion expected, List<? extends E> events, AppendOptions options) {
        return updateIdempotent(type, expected, events, options).idAndVersion();
    }

    @Override
    public <A extends Aggregate<A, E>, E> UpdateResult updateIdempotent(
            AggregateType<A, E> type, EntityIdAndVersion expected, List<? extends E> events, AppendOptions options) {
        requireEvents(events);
        boolean inCallersTransaction = TransactionSynchronizationManager.isActualTransactionActive();
        try {
            return updateIdempotentNow(type, expected, events, options);
        } catch (OptimisticLockingException e) {
            throw inCallersTransaction(inCallersTransaction, e);
        }
    }

    private <A extends Aggregate<A, E>, E> UpdateResult updateIdempotentNow(
            AggregateType<A, E> type, EntityIdAndVersion expected, List<? extends E> events, AppendOptions options) {
        UUID id = expected.id();
        int newVersion = expected.version() + events.size();
        String messageId = options.triggeringMessageId();
        return timed(type, () -> {
            Rows rows = new Rows(events.size());
            // guarded by the expected version even when it is 0, which never exists: update never creates
            rows.add(type, id, expected.version(), events, Collections.nCopies(events.size(), options.metadata()),
                    true);
            Integer recorded;
            try {
                if (standalone(messageId)) {
                    if (insertStandalone(type, rows) != rows.size()) {
                        throw conflict(type, id, expected.version(), null);
                    }
                    signalCommitted();
                    recorded = null;
                } else {
                    recorded = tx.execute(status -> {
                        if (messageId != null) {
                            int inserted = jdbc.sql(RECORD_MESSAGE)
                                    .param("id", id)
                                    .param("messageId", messageId)
                                    .param("version", newVersion)
                                    .update();
                            if (inserted == 0) {
                                status.setRollbackOnly();
                                return jdbc.sql(PROCESSED_VERSION)
                                        .param("id", id)
                                        .param("messageId", messageId)
                                        .query(Integer.class)
                                        .single();
                            }
                        }
                        if (insert(APPEND, type, rows) != rows.size()) {
                            throw conflict(type, id, expected.version(), null);
                        }
                        notifyAfterCommit();
                        return null;
                    });
                }
            } catch (DuplicateKeyException e) {
                throw conflict(type, id, expected.version(), e);
            }
            if (recorded != null) {
                return new UpdateResult(id, recorded, true);
            }
            counted(type).appended().increment(events.size());
            return new UpdateResult(id, newVersion, false);
        });
    }

    /** The append committed on its own (auto-commit): wake the publisher now. */
    private void signalCommitted() {
        notifier.signal();
    }

    /**
     * The rows of one {@link #APPEND} statement, column by column, and its guards: its array
     * parameters. Event ids are generated here, versions follow the expected one.
     */
    private final class Rows {

        final UUID[] eventIds;
        final UUID[] ids;
        final Integer[] versions;
        final String[] eventTypes;
        final String[] payloads;
        final String[] metadata;
        final List<UUID> guardIds = new ArrayList<>();
        final List<Integer> guardVersions = new ArrayList<>();
        private int size;

        Rows(int capacity) {
            eventIds = new UUID[capacity];
            ids = new UUID[capacity];
            versions = new Integer[capacity];
            eventTypes = new String[capacity];
            payloads = new String[capacity];
            metadata = new String[capacity];
        }

        /** {@code events} as versions {@code after + 1 ...}; {@code guarded}: only if version {@code after} exists. */
        <E> void add(AggregateType<?, E> type, UUID id, int after, List<? extends E> events,
                     List<EventMetadata> eventMetadata, boolean guarded) {
            if (guarded) {
                guardIds.add(id);
                guardVersions.add(after);
            }
            for (int i = 0; i < events.size(); i++, size++) {
                E event = events.get(i);
                String eventType = type.events().eventTypeOf(event);
                eventIds[size] = UUID.randomUUID();
                ids[size] = id;
                versions[size] = after + i + 1;
                eventTypes[size] = eventType;
                payloads[size] = codec.write(event);
                metadata[size] = metadataJson(eventMetadata.get(i), codec.currentSchemaVersion(type.name(), eventType));
            }
        }

        int size() {
            return size;
        }
    }

    /** Runs {@code sql} ({@link #APPEND} or a variant) with {@code rows}; the number of rows inserted. */
    private int insert(String sql, AggregateType<?, ?> type, Rows rows) {
        return jdbc.sql(sql)
                .param("eventIds", new SqlArrayValue("uuid", (Object[]) rows.eventIds))
                .param("ids", new SqlArrayValue("uuid", (Object[]) rows.ids))
                .param("versions", new SqlArrayValue("int4", (Object[]) rows.versions))
                .param("eventTypes", new SqlArrayValue("text", (Object[]) rows.eventTypes))
                .param("payloads", new SqlArrayValue("text", (Object[]) rows.payloads))
                .param("metadata", new SqlArrayValue("text", (Object[]) rows.metadata))
                .param("guardIds", new SqlArrayValue("uuid", rows.guardIds.toArray()))
                .param("guardVersions", new SqlArrayValue("int4", rows.guardVersions.toArray()))
                .param("type", type.name())
                .update();
    }

    /**
     * {@link #APPEND} outside any transaction: it commits by itself, also on a pool whose connections
     * are not in auto-commit mode, unless it inserted fewer rows than given (a guard held them back).
     */
    private int insertStandalone(AggregateType<?, ?> type, Rows rows) {
        return standalone.run(() -> insert(APPEND, type, rows), inserted -> inserted == rows.size());
    }

    private String metadataJson(EventMetadata metadata, int schemaVersion) {
        ObjectNode node = codec.mapper().createObjectNode();
        node.put("correlationId", metadata.correlationId());
        node.put("causationId", metadata.causationId());
        node.put("schemaVersion", schemaVersion);
        ObjectNode extra = node.putObject("extra");
        metadata.extra().forEach(extra::put);
        return node.toString();
    }

    private static void requireEvents(List<?> events) {
        if (events == null || events.isEmpty()) {
            throw new IllegalArgumentException("an append needs at least one event");
        }
    }

    /** {@code conflict} as is, or, inside a transaction the caller owns, as the {@link TransactionConflictException} it is there. */
    private static RuntimeException inCallersTransaction(boolean callersTransaction, OptimisticLockingException conflict) {
        // not caused by the OptimisticLockingException: a retry policy that looks at causes would retry it in place
        return callersTransaction ? new TransactionConflictException(conflict.aggregateId(), conflict.getCause()) : conflict;
    }

    private <E> OptimisticLockingException conflictOfAll(AggregateType<?, ?> type, List<Append<E>> appends,
                                                          Throwable cause) {
        if (cache != null) {
            cache.evict(type.name(), appends.stream().map(Append::id).toList());
        }
        return conflict(type, appends.getFirst().id(), appends.getFirst().expectedVersion(), cause);
    }

    private OptimisticLockingException conflict(AggregateType<?, ?> type, UUID id, int expectedVersion,
                                                Throwable cause) {
        counted(type).conflicts().increment();
        if (cache != null) {
            cache.evict(type.name(), List.of(id));
        }
        return new OptimisticLockingException(id, expectedVersion, cause);
    }

    /** Version that {@code messageId} produced for this aggregate, if it was processed. */
    @Override
    public Optional<Integer> processedVersion(UUID aggregateId, String messageId) {
        return jdbc.sql(PROCESSED_VERSION)
                .param("id", aggregateId)
                .param("messageId", messageId)
                .query(Integer.class)
                .optional();
    }

    /**
     * Deletes processed message ids recorded longer than {@code retention} ago; a redelivery of
     * such a message is no longer detected as a duplicate.
     *
     * @return the number of ids deleted
     */
    public int purgeProcessedMessages(Duration retention) {
        return jdbc.sql(PURGE_PROCESSED)
                .param("seconds", retention.toMillis() / 1000.0)
                .update();
    }

    // ---------------------------------------------------------------- batch

    /**
     * Snapshot rows (kind 0) then event rows (kind 1) of every requested aggregate, in version order;
     * an aggregate with a known (cached) version reads no snapshot and only the events after it.
     */
    private static final String FIND_ALL = """
            with ids(id, known) as (select * from unnest(:ids::uuid[], :known::int[])),
                 snap as (select s.aggregate_id, s.version, s.payload
                            from es_snapshots s join ids on s.aggregate_id = ids.id and ids.known = 0
                           where s.aggregate_type = :type and s.schema_version = :snapshotSchemaVersion)
            select snap.aggregate_id, 0 as kind, snap.version, null as event_type, snap.payload::text as payload,
                   0 as schema_version
              from snap
            union all
            select e.aggregate_id, 1, e.version, e.event_type, e.payload::text,
                   coalesce((e.metadata->>'schemaVersion')::int, %d)
              from ids
              left join snap on snap.aggregate_id = ids.id
              join es_events e on e.aggregate_id = ids.id and e.version > greatest(ids.known, coalesce(snap.version, 0))
             where e.aggregate_type = :type
             order by 1, 2, 3
            """.formatted(StoredPayload.DEFAULT_SCHEMA_VERSION);

    /**
     * {@inheritDoc}
     *
     * <p>One {@link #APPEND} statement for every row of every aggregate, guarded by the expected
     * versions (nothing is inserted unless all of them exist) and by
     * {@code unique (aggregate_id, version)}; positions follow the list order. Joins the
     * transaction in progress, or commits by itself. A conflict inside a transaction leaves that
     * transaction usable, so the caller can reload and retry within it.
     */
    @Override
    public <A extends Aggregate<A, E>, E> void appendAll(AggregateType<A, E> type, List<Append<E>> appends) {
        if (appends.isEmpty()) {
            return;
        }
        boolean inCallersTransaction = TransactionSynchronizationManager.isActualTransactionActive();
        Rows rows = new Rows(appends.stream().mapToInt(a -> a.events().size()).sum());
        for (Append<E> append : appends) {
            rows.add(type, append.id(), append.expectedVersion(), append.events(), append.metadata(),
                    append.expectedVersion() > 0);
        }
        timed(type, () -> {
            boolean standalone = standalone(null);
            int inserted;
            try {
                inserted = standalone
                        ? insertStandalone(type, rows)
                        : tx.execute(status -> {
                            int count = insert(APPEND_SKIPPING_CONFLICTS, type, rows);
                            if (count == rows.size()) {
                                notifyAfterCommit();
                            } else if (count > 0) {
                                undoAppend(rows);
                            }
                            return count;
                        });
            } catch (DuplicateKeyException e) {
                throw inCallersTransaction(inCallersTransaction, conflictOfAll(type, appends, e));
            }
            if (inserted != rows.size()) {
                throw inCallersTransaction(inCallersTransaction, conflictOfAll(type, appends, null));
            }
            if (standalone) {
                signalCommitted();
            }
            counted(type).appended().increment(rows.size());
            return null;
        });
    }

    private void undoAppend(Rows rows) {
        jdbc.sql(UNDO_APPEND)
                .param("eventIds", new SqlArrayValue("uuid", (Object[]) rows.eventIds))
                .update();
    }

    /**
     * {@inheritDoc}
     *
     * <p>One query reads the compatible snapshots and the later events of all of them (of a cached
     * aggregate only the events after the cached version); an aggregate whose snapshot cannot be
     * read is loaded on its own with a full replay. A load that finds the state at least
     * {@link Options#snapshotEvery()} events after the latest known snapshot stores a new one.
     */
    @Override
    public <A extends Aggregate<A, E>, E> Map<UUID, EntityWithIdAndVersion<A>> findAll(
            AggregateType<A, E> type, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Set<UUID> distinct = new LinkedHashSet<>(ids);
        Map<UUID, Fold<A>> folds = new LinkedHashMap<>();
        UUID[] idArray = distinct.toArray(UUID[]::new);
        Integer[] known = new Integer[idArray.length];
        for (int i = 0; i < idArray.length; i++) {
            StateCache.Entry cached = cache == null ? null : cache.get(type.name(), idArray[i]);
            known[i] = cached == null ? 0 : cached.version();
            if (cached != null) {
                @SuppressWarnings("unchecked")
                A state = (A) cached.state();
                Fold<A> fold = new Fold<>(state, cached.version());
                fold.snapshotVersion = cached.snapshotVersion();
                folds.put(idArray[i], fold);
            }
        }
        Set<UUID> unreadable = new HashSet<>();
        jdbc.sql(FIND_ALL)
                .param("ids", new SqlArrayValue("uuid", (Object[]) idArray))
                .param("known", new SqlArrayValue("int4", (Object[]) known))
                .param("type", type.name())
                .param("snapshotSchemaVersion",
                        options.snapshotEvery() > 0 ? type.snapshotSchemaVersion() : Integer.MIN_VALUE)
                .query((RowCallbackHandler) rs -> {
                    UUID id = rs.getObject(1, UUID.class);
                    int version = rs.getInt(3);
                    if (rs.getInt(2) == 0) {
                        try {
                            Fold<A> fold = new Fold<>(codec.read(rs.getString(5), type.stateClass()), version);
                            fold.snapshotVersion = version;
                            folds.put(id, fold);
                        } catch (RuntimeException e) {
                            unreadable.add(id);
                        }
                        return;
                    }
                    if (unreadable.contains(id)) {
                        return;
                    }
                    Fold<A> fold = folds.computeIfAbsent(id, k -> new Fold<>(type.initialState(), 0));
                    E event = readEvent(type, id, version, rs.getString(4), rs.getInt(6), rs.getString(5));
                    if (event != null) {
                        fold.state = fold.state.apply(event);
                    }
                    fold.version = version;
                    fold.replayed++;
                });
        Map<UUID, EntityWithIdAndVersion<A>> found = new LinkedHashMap<>();
        Map<UUID, StateCache.Entry> toCache = cache == null ? Map.of() : new HashMap<>();
        for (UUID id : distinct) {
            if (unreadable.contains(id)) {
                load(type, id, Integer.MAX_VALUE, true).ifPresent(entity -> found.put(id, entity));
                continue;
            }
            Fold<A> fold = folds.get(id);
            if (fold == null || fold.version == 0) {
                continue;
            }
            if (options.snapshotEvery() > 0 && fold.version - fold.snapshotVersion >= options.snapshotEvery()
                    && !TransactionSynchronizationManager.isCurrentTransactionReadOnly()) {
                storeSnapshot(type, id, fold.version, fold.state, false);
                fold.snapshotVersion = fold.version;
            }
            if (cache != null) {
                toCache.put(id, new StateCache.Entry(fold.version, fold.state, fold.snapshotVersion));
            }
            found.put(id, new EntityWithIdAndVersion<>(id, fold.version, fold.state));
        }
        if (cache != null) {
            cache.putAfterCommit(type.name(), toCache);
        }
        return found;
    }

    /**
     * {@inheritDoc}
     *
     * <p>With the state cache on, the states are kept once the current transaction commits.
     */
    @Override
    public <A extends Aggregate<A, E>, E> void remember(AggregateType<A, E> type,
                                                       Collection<EntityWithIdAndVersion<A>> states) {
        if (cache == null) {
            return;
        }
        Map<UUID, StateCache.Entry> entries = new HashMap<>();
        for (EntityWithIdAndVersion<A> state : states) {
            entries.put(state.id(), new StateCache.Entry(state.version(), state.aggregate(), 0));
        }
        cache.putAfterCommit(type.name(), entries);
    }

    // ---------------------------------------------------------------- read

    @Override
    public <A extends Aggregate<A, E>, E> Optional<EntityWithIdAndVersion<A>> findOptional(
            AggregateType<A, E> type, UUID id) {
        if (cache != null) {
            return Optional.ofNullable(findAll(type, List.of(id)).get(id));
        }
        return load(type, id, Integer.MAX_VALUE, true);
    }

    @Override
    public <A extends Aggregate<A, E>, E> Optional<EntityWithIdAndVersion<A>> findAtVersion(
            AggregateType<A, E> type, UUID id, int version) {
        if (version < 1) {
            return Optional.empty();
        }
        return load(type, id, version, false).filter(found -> found.version() == version);
    }

    /**
     * {@inheritDoc}
     *
     * <p>That is the state after the highest version that occurred at or before {@code instant}.
     */
    @Override
    public <A extends Aggregate<A, E>, E> Optional<EntityWithIdAndVersion<A>> findAsOf(
            AggregateType<A, E> type, UUID id, Instant instant) {
        return jdbc.sql(VERSION_AS_OF)
                .param("id", id)
                .param("type", type.name())
                .param("instant", Timestamp.from(instant))
                .query(Integer.class)
                .optional()
                .flatMap(version -> findAtVersion(type, id, version));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Events whose stored type no record carries any more are skipped, so fewer than
     * {@code limit} may be returned before the end; page on from the last version + 1.
     */
    @Override
    public <A extends Aggregate<A, E>, E> List<EventEnvelope<E>> history(
            AggregateType<A, E> type, UUID id, int fromVersion, int limit) {
        if (limit < 1) {
            return List.of();
        }
        List<EventEnvelope<E>> result = new ArrayList<>();
        jdbc.sql(READ_HISTORY)
                .param("id", id)
                .param("type", type.name())
                .param("from", fromVersion)
                .param("limit", limit)
                .query((RowCallbackHandler) rs -> {
                    JsonNode metadata = codec.mapper().readTree(rs.getString("metadata"));
                    int schemaVersion = metadata.path("schemaVersion").asInt(StoredPayload.DEFAULT_SCHEMA_VERSION);
                    String eventType = rs.getString("event_type");
                    int version = rs.getInt("version");
                    E event = readEvent(type, id, version, eventType, schemaVersion, rs.getString("payload"));
                    if (event != null) {
                        result.add(new EventEnvelope<>(rs.getObject("event_id", UUID.class), type.name(), id,
                                version, eventType, rs.getTimestamp("occurred_at").toInstant(),
                                rs.getLong("position"), metadataOf(metadata), event));
                    }
                });
        return result;
    }

    private static EventMetadata metadataOf(JsonNode node) {
        Map<String, String> extra = new LinkedHashMap<>();
        node.path("extra").properties().forEach(e -> extra.put(e.getKey(), e.getValue().asString()));
        return new EventMetadata(textOrNull(node, "correlationId"), textOrNull(node, "causationId"), extra);
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private <A extends Aggregate<A, E>, E> Optional<EntityWithIdAndVersion<A>> load(
            AggregateType<A, E> type, UUID id, int upTo, boolean mayStoreSnapshot) {
        SnapshotRow<A> snapshot = options.snapshotEvery() > 0 ? readSnapshot(type, id, upTo) : null;
        boolean usable = snapshot != null && snapshot.state() != null;
        Fold<A> fold = usable ? new Fold<>(snapshot.state(), snapshot.version()) : new Fold<>(type.initialState(), 0);
        jdbc.sql(READ_EVENTS)
                .param("id", id)
                .param("type", type.name())
                .param("after", fold.version)
                .param("upTo", upTo)
                .query((RowCallbackHandler) rs -> {
                    int version = rs.getInt("version");
                    E event = readEvent(type, id, version, rs.getString("event_type"), rs.getInt("schema_version"),
                            rs.getString("payload"));
                    if (event != null) {
                        fold.state = fold.state.apply(event);
                    }
                    fold.version = version;
                    fold.replayed++;
                });
        if (fold.version == 0) {
            return Optional.empty();
        }
        if (mayStoreSnapshot && options.snapshotEvery() > 0 && fold.replayed >= options.snapshotEvery()
                && !TransactionSynchronizationManager.isCurrentTransactionReadOnly()) {
            storeSnapshot(type, id, fold.version, fold.state, snapshot != null && !usable);
        }
        return Optional.of(new EntityWithIdAndVersion<>(id, fold.version, fold.state));
    }

    private <A extends Aggregate<A, E>, E> E readEvent(AggregateType<A, E> type, UUID id, int version,
                                                        String eventType, int schemaVersion, String payload) {
        try {
            return codec.readEvent(type.events(), eventType, schemaVersion, payload);
        } catch (UnknownEventTypeException e) {
            log.warn("Skipping {} {} version {}: {}", type.name(), id, version, e.getMessage());
            return null;
        } catch (JacksonException e) {
            throw new IllegalStateException("Event " + type.name() + " " + id + " version " + version
                    + " (" + eventType + " v" + schemaVersion + ") cannot be read", e);
        }
    }

    /** The snapshot row at or below {@code upTo}, its state null when incompatible or unreadable. */
    private <A extends Aggregate<A, E>, E> SnapshotRow<A> readSnapshot(AggregateType<A, E> type, UUID id, int upTo) {
        return jdbc.sql(READ_SNAPSHOT)
                .param("id", id)
                .param("type", type.name())
                .param("upTo", upTo)
                .query((rs, n) -> snapshotRow(type, id, rs))
                .optional()
                .orElse(null);
    }

    private <A extends Aggregate<A, E>, E> SnapshotRow<A> snapshotRow(AggregateType<A, E> type, UUID id,
                                                                      ResultSet rs) throws SQLException {
        int version = rs.getInt("version");
        int schemaVersion = rs.getInt("schema_version");
        if (schemaVersion != type.snapshotSchemaVersion()) {
            log.debug("Ignoring snapshot of {} {} at version {}: schema version {} is not {}", type.name(), id,
                    version, schemaVersion, type.snapshotSchemaVersion());
            return new SnapshotRow<>(version, null);
        }
        try {
            return new SnapshotRow<>(version, codec.read(rs.getString("payload"), type.stateClass()));
        } catch (RuntimeException e) {
            log.warn("Ignoring unreadable snapshot of {} {} at version {}: {}", type.name(), id, version,
                    e.toString());
            return new SnapshotRow<>(version, null);
        }
    }

    /** Upserts the snapshot unless a newer one is stored; an unusable one is also replaced at the same version. */
    private <A extends Aggregate<A, E>, E> void storeSnapshot(AggregateType<A, E> type, UUID id, int version, A state,
                                                              boolean replaceUnusable) {
        try {
            jdbc.sql(STORE_SNAPSHOT)
                    .param("id", id)
                    .param("type", type.name())
                    .param("version", version)
                    .param("schemaVersion", type.snapshotSchemaVersion())
                    .param("payload", codec.write(state))
                    .param("replaceUnusable", replaceUnusable)
                    .update();
        } catch (RuntimeException e) {
            log.warn("Could not store snapshot of {} {} at version {}: {}", type.name(), id, version, e.toString());
        }
    }

    // ---------------------------------------------------------------- metrics

    private <T> T timed(AggregateType<?, ?> type, Supplier<T> append) {
        Timer.Sample sample = Timer.start(meters);
        try {
            return append.get();
        } finally {
            sample.stop(counted(type).append());
        }
    }

    private TypeMeters counted(AggregateType<?, ?> type) {
        return typeMeters.computeIfAbsent(type.name(), aggregateType -> new TypeMeters(
                Counter.builder("eventstore.events.appended").description("Events appended to the store")
                        .tag("aggregate.type", aggregateType).register(meters),
                Counter.builder("eventstore.conflicts").description("Appends rejected by optimistic locking")
                        .tag("aggregate.type", aggregateType).register(meters),
                Timer.builder("eventstore.append").description("Latency of one append transaction")
                        .tag("aggregate.type", aggregateType).register(meters)));
    }

    private record TypeMeters(Counter appended, Counter conflicts, Timer append) {
    }

    private static final class Fold<A> {

        A state;
        int version;
        int replayed;
        int snapshotVersion;

        Fold(A state, int version) {
            this.state = state;
            this.version = version;
        }
    }

    private record SnapshotRow<A>(int version, A state) {
    }
}
