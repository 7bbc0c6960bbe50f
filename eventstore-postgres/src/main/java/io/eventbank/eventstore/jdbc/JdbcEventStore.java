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
import io.eventbank.eventstore.UpdateResult;
import io.eventbank.eventstore.json.EventCodec;
import io.eventbank.eventstore.json.UnknownEventTypeException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link EventStore} on PostgreSQL (schema {@code V1__eventstore_schema.sql}) with Spring JDBC.
 *
 * <p>Guarantees beyond {@link EventStore}:
 * <ul>
 *   <li>an append is atomic: its events (consecutive versions) go in one {@code INSERT} statement,
 *       and the processed message id, when one is given, in the same transaction. Without a
 *       triggering message id and outside a transaction the statement auto-commits on its own
 *       (one round trip); inside a Spring transaction on the store's DataSource it joins that
 *       transaction. When {@link Options#notifyOnAppend()} is on, a coalesced {@code NOTIFY} on
 *       {@link #NOTIFY_CHANNEL} follows the commit (never inside the append transaction, where it
 *       would serialise all commits; see {@link CommitNotifier});</li>
 *   <li>{@code update} checks that the expected version exists, so it never leaves a gap;
 *       {@code save} with an assigned id that exists fails with {@link OptimisticLockingException};</li>
 *   <li>reads fold the newest snapshot whose schema version equals
 *       {@link AggregateType#snapshotSchemaVersion()} plus the later events, each through the
 *       upcaster chain; an unreadable or incompatible snapshot is ignored (full replay) and a
 *       stored event whose type no record carries any more is skipped with a warning;</li>
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

    /** Longest append whose statement text is cached; longer ones build theirs per call. */
    private static final int CACHED_STATEMENTS = 16;
    private static final String INSERT_COLUMNS =
            "insert into es_events (event_id, aggregate_type, aggregate_id, version, event_type, payload, metadata) ";
    private static final String ROW = "(?::uuid, ?::text, ?::uuid, ?::int, ?::text, ?::jsonb, ?::jsonb)";
    /** Version {@code after + 1} is only inserted when {@code after} exists (the last two parameters). */
    private static final String PREVIOUS_EXISTS =
            " where exists (select 1 from es_events p where p.aggregate_id = ?::uuid and p.version = ?)";

    private static final String READ_COLUMNS = "select version, event_type, payload::text as payload,"
            + " coalesce((metadata->>'schemaVersion')::int, 1) as schema_version from es_events"
            + " where aggregate_id = ? and aggregate_type = ? and version > ?";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final EventCodec codec;
    private final Options options;
    private final MeterRegistry meters;
    private final String[] saveSql = new String[CACHED_STATEMENTS + 1];
    private final String[] updateSql = new String[CACHED_STATEMENTS + 1];
    private final Map<String, TypeMeters> typeMeters = new ConcurrentHashMap<>();
    private final CommitNotifier notifier;

    /**
     * @param snapshotEvery  replayed events after which a load stores a snapshot; 0 disables snapshots
     * @param notifyOnAppend {@code NOTIFY} {@link #NOTIFY_CHANNEL} after appends commit
     */
    public record Options(int snapshotEvery, boolean notifyOnAppend) {

        public Options {
            if (snapshotEvery < 0) {
                throw new IllegalArgumentException("snapshotEvery must not be negative");
            }
        }

        /** Snapshots every 100 events, notify on. */
        public static Options defaults() {
            return new Options(100, true);
        }

        public Options withSnapshotEvery(int every) {
            return new Options(every, notifyOnAppend);
        }

        public Options withNotifyOnAppend(boolean notify) {
            return new Options(snapshotEvery, notify);
        }
    }

    /** A store with its own {@link DataSourceTransactionManager} and no metrics. */
    public JdbcEventStore(DataSource dataSource, EventCodec codec, Options options) {
        this(new JdbcTemplate(dataSource), new DataSourceTransactionManager(dataSource), codec, options, null);
    }

    /**
     * @param transactionManager manages {@code jdbc}'s DataSource; an append joins a transaction
     *                           already in progress on it
     * @param meterRegistry      may be null (no metrics)
     */
    public JdbcEventStore(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, EventCodec codec,
                          Options options, MeterRegistry meterRegistry) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactionManager);
        this.codec = codec;
        this.options = options;
        this.meters = meterRegistry != null ? meterRegistry : new CompositeMeterRegistry();
        for (int n = 1; n <= CACHED_STATEMENTS; n++) {
            saveSql[n] = insertSql(n, false);
            updateSql[n] = insertSql(n, true);
        }
        this.notifier = options.notifyOnAppend() ? new CommitNotifier(jdbc) : null;
    }

    public Options options() {
        return options;
    }

    /** Stops the background notifier thread, if any. */
    @Override
    public void close() {
        if (notifier != null) {
            notifier.close();
        }
    }

    /**
     * One {@code INSERT ... SELECT} for all rows: atomic on its own, guarded by the expected
     * version's existence (only the first new row needs the guard; the unique
     * {@code (aggregate_id, version)} catches the rest), positions in version order.
     */
    private static String insertSql(int rows, boolean guarded) {
        StringBuilder sql = new StringBuilder(INSERT_COLUMNS.length() + rows * (ROW.length() + 2) + 160)
                .append(INSERT_COLUMNS);
        if (rows == 1) {
            sql.append("select ").append(ROW, 1, ROW.length() - 1);
        } else {
            sql.append("select * from (values ").append(ROW);
            for (int i = 1; i < rows; i++) {
                sql.append(", ").append(ROW);
            }
            sql.append(") v");
        }
        if (guarded) {
            sql.append(PREVIOUS_EXISTS);
        }
        if (rows > 1) {
            sql.append(" order by 4");
        }
        return sql.toString();
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
        if (notifier != null && TransactionSynchronizationManager.isSynchronizationActive()) {
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
            try {
                if (standalone(null)) {
                    insert(type, id, 0, events, options.metadata(), false, true);
                    signalCommitted();
                } else {
                    tx.executeWithoutResult(status -> {
                        insert(type, id, 0, events, options.metadata(), false, false);
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
        UUID id = expected.id();
        int newVersion = expected.version() + events.size();
        String messageId = options.triggeringMessageId();
        return timed(type, () -> {
            Integer recorded;
            try {
                if (standalone(messageId)) {
                    if (!insert(type, id, expected.version(), events, options.metadata(), true, true)) {
                        throw conflict(type, id, expected.version(), null);
                    }
                    signalCommitted();
                    recorded = null;
                } else {
                    recorded = tx.execute(status -> {
                        if (messageId != null) {
                            int inserted = jdbc.update("insert into es_processed_messages (aggregate_id, message_id,"
                                    + " version) values (?, ?, ?) on conflict do nothing", id, messageId, newVersion);
                            if (inserted == 0) {
                                status.setRollbackOnly();
                                return jdbc.queryForObject("select version from es_processed_messages"
                                        + " where aggregate_id = ? and message_id = ?", Integer.class, id, messageId);
                            }
                        }
                        if (!insert(type, id, expected.version(), events, options.metadata(), true, false)) {
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
        if (notifier != null) {
            notifier.signal();
        }
    }

    /**
     * Inserts {@code events} as versions {@code after + 1 ...} in one statement; false when the
     * guard held them back (version {@code after} does not exist) and nothing was inserted.
     * {@code standalone}: no transaction is in progress, so the statement must commit by itself,
     * also on a pool whose connections are not in auto-commit mode.
     */
    private <E> boolean insert(AggregateType<?, E> type, UUID id, int after, List<? extends E> events,
                               EventMetadata metadata, boolean guarded, boolean standalone) {
        int rows = events.size();
        String sql = rows <= CACHED_STATEMENTS
                ? (guarded ? updateSql : saveSql)[rows]
                : insertSql(rows, guarded);
        Integer inserted = jdbc.execute((ConnectionCallback<Integer>) con -> {
            boolean commit = standalone && !con.getAutoCommit();
            try (PreparedStatement ps = con.prepareStatement(sql)) {
                bind(ps, type, id, after, events, metadata, guarded);
                int count = ps.executeUpdate();
                if (commit) {
                    con.commit();
                }
                return count;
            } catch (SQLException | RuntimeException e) {
                if (commit) {
                    con.rollback();
                }
                throw e;
            }
        });
        return inserted != null && inserted == rows;
    }

    private <E> void bind(PreparedStatement ps, AggregateType<?, E> type, UUID id, int after,
                          List<? extends E> events, EventMetadata metadata, boolean guarded) throws SQLException {
        String idText = id.toString();
        String typeName = type.name();
        int p = 0;
        for (int i = 0; i < events.size(); i++) {
            E event = events.get(i);
            String eventType = type.events().eventTypeOf(event);
            ps.setString(++p, UUID.randomUUID().toString());
            ps.setString(++p, typeName);
            ps.setString(++p, idText);
            ps.setInt(++p, after + i + 1);
            ps.setString(++p, eventType);
            ps.setString(++p, codec.write(event));
            ps.setString(++p, metadataJson(metadata, codec.currentSchemaVersion(typeName, eventType)));
        }
        if (guarded) {
            ps.setString(++p, idText);
            ps.setInt(++p, after);
        }
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

    private OptimisticLockingException conflict(AggregateType<?, ?> type, UUID id, int expectedVersion,
                                                Throwable cause) {
        counted(type).conflicts().increment();
        return new OptimisticLockingException(id, expectedVersion, cause);
    }

    /** Version that {@code messageId} produced for this aggregate, if it was processed. */
    @Override
    public Optional<Integer> processedVersion(UUID aggregateId, String messageId) {
        return jdbc.query("select version from es_processed_messages where aggregate_id = ? and message_id = ?",
                (rs, n) -> rs.getInt(1), aggregateId, messageId).stream().findFirst();
    }

    /**
     * Deletes processed message ids recorded longer than {@code retention} ago; a redelivery of
     * such a message is no longer detected as a duplicate.
     *
     * @return the number of ids deleted
     */
    public int purgeProcessedMessages(Duration retention) {
        return jdbc.update("delete from es_processed_messages where processed_at < now() - make_interval(secs => ?)",
                retention.toMillis() / 1000.0);
    }

    // ---------------------------------------------------------------- read

    @Override
    public <A extends Aggregate<A, E>, E> Optional<EntityWithIdAndVersion<A>> findOptional(
            AggregateType<A, E> type, UUID id) {
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
        Integer version = jdbc.queryForObject("select max(version) from es_events"
                        + " where aggregate_id = ? and aggregate_type = ? and occurred_at <= ?",
                Integer.class, id, type.name(), Timestamp.from(instant));
        return version == null ? Optional.empty() : findAtVersion(type, id, version);
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
        jdbc.query("select event_id, version, event_type, occurred_at, position, payload::text as payload,"
                        + " metadata::text as metadata from es_events"
                        + " where aggregate_id = ? and aggregate_type = ? and version >= ? order by version limit ?",
                rs -> {
                    JsonNode metadata = codec.mapper().readTree(rs.getString("metadata"));
                    int schemaVersion = metadata.path("schemaVersion").asInt(1);
                    String eventType = rs.getString("event_type");
                    int version = rs.getInt("version");
                    E event = readEvent(type, id, version, eventType, schemaVersion, rs.getString("payload"));
                    if (event != null) {
                        result.add(new EventEnvelope<>(rs.getObject("event_id", UUID.class), type.name(), id,
                                version, eventType, rs.getTimestamp("occurred_at").toInstant(),
                                rs.getLong("position"), metadataOf(metadata), event));
                    }
                }, id, type.name(), fromVersion, limit);
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
        int from = fold.version;
        String sql = READ_COLUMNS + (upTo == Integer.MAX_VALUE ? "" : " and version <= ?") + " order by version";
        Object[] args = upTo == Integer.MAX_VALUE
                ? new Object[] {id, type.name(), from}
                : new Object[] {id, type.name(), from, upTo};
        jdbc.query(sql, rs -> {
            int version = rs.getInt("version");
            E event = readEvent(type, id, version, rs.getString("event_type"), rs.getInt("schema_version"),
                    rs.getString("payload"));
            if (event != null) {
                fold.state = fold.state.apply(event);
            }
            fold.version = version;
            fold.replayed++;
        }, args);
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
        List<SnapshotRow<A>> rows = jdbc.query("select version, schema_version, payload::text as payload"
                        + " from es_snapshots where aggregate_id = ? and aggregate_type = ? and version <= ?",
                (rs, n) -> snapshotRow(type, id, rs), id, type.name(), upTo);
        return rows.isEmpty() ? null : rows.getFirst();
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
            jdbc.update("insert into es_snapshots (aggregate_id, aggregate_type, version, schema_version, payload)"
                            + " values (?, ?, ?, ?, ?::jsonb) on conflict (aggregate_id) do update"
                            + " set aggregate_type = excluded.aggregate_type, version = excluded.version,"
                            + " schema_version = excluded.schema_version, payload = excluded.payload,"
                            + " created_at = now()"
                            + " where es_snapshots.version < excluded.version"
                            + " or (? and es_snapshots.version = excluded.version)",
                    id, type.name(), version, type.snapshotSchemaVersion(), codec.write(state), replaceUnusable);
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

        Fold(A state, int version) {
            this.state = state;
            this.version = version;
        }
    }

    private record SnapshotRow<A>(int version, A state) {
    }
}
