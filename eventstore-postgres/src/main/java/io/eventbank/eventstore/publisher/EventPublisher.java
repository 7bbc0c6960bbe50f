package io.eventbank.eventstore.publisher;

import io.eventbank.eventstore.AggregateEvents;
import io.eventbank.eventstore.envelope.EventRecordFormat;
import io.eventbank.eventstore.envelope.EventRecordFormat.StoredEvent;
import io.eventbank.eventstore.jdbc.JdbcEventStore;
import io.eventbank.eventstore.json.StoredPayload;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.support.SendResult;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes the event table to Kafka: the table is the outbox.
 *
 * <p>Guarantees:
 * <ul>
 * <li>one active publisher per database and {@code eventbank.eventstore.publisher.id}: leadership is a session
 *     advisory lock ({@code pg_try_advisory_lock}) on a dedicated connection held while leading;
 *     instances that do not get it retry every poll interval, so one takes over within about a poll
 *     interval when the leader stops or its connection dies;</li>
 * <li>commit-order safe: events are read in {@code (tx_id, position)} order and only from
 *     transactions older than the oldest one still in flight ({@code pg_snapshot_xmin}), so an
 *     event whose transaction commits late is never skipped and a rolled-back one never sent;</li>
 * <li>per-aggregate order: key = aggregate id, batches are sent one after another through an
 *     idempotent producer with {@code acks=all}, each flushed at once (no {@code linger.ms} wait);</li>
 * <li>at-least-once: the offset ({@code es_publisher_offsets}) advances only after every record of a
 *     batch was acknowledged; after a crash between the two, the batch is sent again. The update's
 *     commit does not wait for the WAL flush: one lost in a database crash also only re-sends;</li>
 * <li>the envelope's {@code payload} is the stored jsonb text, copied unparsed;</li>
 * <li>the trace context stored with an event ({@code extra.traceparent}) becomes its W3C
 *     {@code traceparent} header, so consumers continue the appending request's trace. The publisher
 *     starts no span of its own: its rounds batch many traces.</li>
 * </ul>
 * The leader's statements go through a {@link JdbcClient} on its own connection (the session that
 * holds the lock); only the session's set-up and clean-up ({@code LISTEN}, {@code UNLISTEN},
 * releasing the lock before the connection goes back to the pool) use the connection directly.
 * The leader is woken by {@link #wakeUp()} (a store of the same process calls it after its appends
 * commit), by {@code NOTIFY} on {@link JdbcEventStore#NOTIFY_CHANNEL} (from other processes;
 * received on a connection of its own) and by the poll fallback, and reads again at once while batches come back full.
 * While committed events wait behind an older transaction still in flight it looks again after
 * 1 ms, doubling up to 64 ms: the commit that releases them may wake nobody (a transaction of
 * another database of the cluster, or one that appended no event).
 *
 * <p>Metrics (tag {@code publisher}): {@code eventstore.publisher.published} (counter),
 * {@code eventstore.publisher.lag.events} (unpublished events), {@code eventstore.publisher.lag.age}
 * (seconds since the oldest unpublished event occurred), {@code eventstore.publisher.leader} (1 while
 * leading).
 */
public class EventPublisher implements SmartLifecycle {

    /**
     * @param id           offset row and advisory-lock name; one per database
     * @param pollInterval fallback poll when no wake-up arrives
     * @param batchSize    events read and sent per round
     */
    public record Settings(String id, Duration pollInterval, int batchSize) {

        public Settings {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(pollInterval, "pollInterval");
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be at least 1");
            }
        }
    }

    private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);
    private static final Duration LAG_REFRESH = Duration.ofSeconds(1);
    private static final Duration SEND_TIMEOUT = Duration.ofMinutes(2);
    /** Longest wait of the NOTIFY listener between checks whether it should stop. */
    private static final int LISTEN_WAIT_MILLIS = 250;

    /*
     * Output columns are aliased so that ORDER BY can only mean the xid8 column (tx_id::text would be
     * named tx_id); of the metadata only what the envelope carries; schema_version is JSON text (a
     * number, or anything else: 1). Rows of transactions at or after the horizon (the oldest still in
     * flight, in any database of the cluster) come last, flagged unsafe and without their payload:
     * they are not sent yet, but they tell the publisher to look again soon, because the commit that
     * releases them may be one that wakes nobody (another database's, or one that appended nothing).
     */
    private static final String SELECT_BATCH = """
            with horizon as materialized (select pg_snapshot_xmin(pg_current_snapshot()) as xmin)
            select e.position, e.event_id, e.aggregate_type, e.aggregate_id, e.version, e.event_type, e.occurred_at,
                   e.metadata->>'correlationId' as correlation_id, e.metadata->>'causationId' as causation_id,
                   (e.metadata->'schemaVersion')::text as schema_version,
                   case when jsonb_typeof(e.metadata->'extra') = 'object' then (e.metadata->'extra')::text end as extra,
                   case when e.tx_id < horizon.xmin then e.payload::text end as payload_json,
                   e.tx_id::text as tx_text, e.metadata->'extra'->>'traceparent' as traceparent,
                   e.tx_id < horizon.xmin as safe
              from es_events e cross join horizon
             where (e.tx_id, e.position) > (:lastTxId::xid8, :lastPosition)
             order by e.tx_id, e.position
             limit :batchSize
            """;

    private static final String SELECT_ONE = """
            select e.position, e.event_id, e.aggregate_type, e.aggregate_id, e.version, e.event_type, e.occurred_at,
                   e.metadata->>'correlationId' as correlation_id, e.metadata->>'causationId' as causation_id,
                   (e.metadata->'schemaVersion')::text as schema_version,
                   case when jsonb_typeof(e.metadata->'extra') = 'object' then (e.metadata->'extra')::text end as extra,
                   e.payload::text as payload_json,
                   e.tx_id::text as tx_text, e.metadata->'extra'->>'traceparent' as traceparent
              from es_events e
             where e.aggregate_id = :aggregateId and e.version = :version
            """;

    /** First and longest pause before looking again while committed events wait behind an older transaction. */
    private static final long HELD_BACK_FIRST_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long HELD_BACK_MAX_NANOS = TimeUnit.MILLISECONDS.toNanos(64);

    /**
     * One auto-commit statement on the leader's connection; {@code synchronous_commit} is off for its
     * own transaction only (an offset lost in a crash only re-sends).
     */
    private static final String UPDATE_OFFSET = """
            update es_publisher_offsets set last_tx_id = :lastTxId::xid8, last_position = :lastPosition,
                   updated_at = now()
             where publisher_id = :publisherId and set_config('synchronous_commit', 'off', true) is not null
            """;

    private static final String TRY_LOCK = """
            select pg_try_advisory_lock(hashtextextended(:lockName, 0))
            """;

    private static final String ENSURE_OFFSET = """
            insert into es_publisher_offsets (publisher_id) values (:publisherId) on conflict (publisher_id) do nothing
            """;

    private static final String READ_OFFSET = """
            select last_tx_id::text, last_position from es_publisher_offsets where publisher_id = :publisherId
            """;

    private static final String READ_LAG = """
            select count(*), coalesce(extract(epoch from clock_timestamp() - min(occurred_at)) * 1000, 0)
              from es_events where (tx_id, position) > (:lastTxId::xid8, :lastPosition)
            """;

    private final DataSource dataSource;
    private final KafkaOperations<String, String> kafka;
    private final JsonMapper mapper;
    private final String publisherId;
    private final Duration pollInterval;
    /** Whether the last round saw committed events behind the horizon (leader thread only). */
    private boolean heldBack;
    private long heldBackPause;
    private final int batchSize;
    private final AfterAcknowledged afterAcknowledged;

    private final Counter published;
    private final AtomicLong lagEvents = new AtomicLong();
    private final AtomicLong lagAgeMillis = new AtomicLong();
    private final AtomicLong leading = new AtomicLong();
    private final AtomicLong rounds = new AtomicLong();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition stopped = lock.newCondition();
    private final AtomicBoolean woken = new AtomicBoolean();
    private volatile boolean running;
    private volatile Thread worker;

    // owned by the worker thread
    private Connection connection;
    /** Statements on {@link #connection}, the leader's session. */
    private JdbcClient leader;
    private NotificationListener listener;
    private String lastTxId;
    private long lastPosition;
    private long lagRefreshedAt;

    /** Called after every record of a batch was acknowledged and before the offset moves (tests). */
    @FunctionalInterface
    interface AfterAcknowledged {
        void batchAcknowledged(List<StoredEvent> batch) throws Exception;
    }

    public EventPublisher(DataSource dataSource, KafkaOperations<String, String> kafka, JsonMapper mapper,
                          Settings settings, MeterRegistry meters) {
        this(dataSource, kafka, mapper, settings, meters, batch -> { });
    }

    EventPublisher(DataSource dataSource, KafkaOperations<String, String> kafka, JsonMapper mapper,
                   Settings settings, MeterRegistry meters, AfterAcknowledged afterAcknowledged) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.kafka = Objects.requireNonNull(kafka, "kafka");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.publisherId = settings.id();
        this.pollInterval = settings.pollInterval().toMillis() < 1 ? Duration.ofMillis(1) : settings.pollInterval();
        this.batchSize = settings.batchSize();
        this.afterAcknowledged = afterAcknowledged;
        this.published = Counter.builder("eventstore.publisher.published")
                .description("Events published to Kafka (acknowledged)")
                .tag("publisher", publisherId).register(meters);
        Gauge.builder("eventstore.publisher.lag.events", lagEvents, AtomicLong::get)
                .description("Committed events not yet published")
                .tag("publisher", publisherId).register(meters);
        Gauge.builder("eventstore.publisher.lag.age", lagAgeMillis, v -> v.get() / 1000.0)
                .description("Seconds since the oldest unpublished event occurred")
                .baseUnit("seconds").tag("publisher", publisherId).register(meters);
        Gauge.builder("eventstore.publisher.leader", leading, AtomicLong::get)
                .description("1 while this instance is the active publisher of its database")
                .tag("publisher", publisherId).register(meters);
    }

    /** True while this instance holds the publisher lock. */
    public boolean isLeader() {
        return leading.get() == 1;
    }

    /** Read rounds done while leading (tests observe progress with it). */
    long rounds() {
        return rounds.get();
    }

    /**
     * Asks the leader for a round now: cheap and non-blocking, for the committing thread of a local
     * append; signals that arrive during a round collapse into one more round. No-op while standing by.
     *
     * @return whether this publisher leads, so that the appended events need no other wake-up
     */
    public boolean wakeUp() {
        if (leading.get() != 1) {
            return false;
        }
        if (!woken.get() && !woken.getAndSet(true)) {
            Thread w = worker;
            if (w != null) {
                LockSupport.unpark(w);
            }
        }
        return true;
    }

    @Override
    public void start() {
        lock.lock();
        try {
            if (running) {
                return;
            }
            running = true;
            worker = Thread.ofPlatform().daemon().name("eventstore-publisher-" + publisherId).start(this::run);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void stop() {
        Thread w;
        lock.lock();
        try {
            if (!running) {
                return;
            }
            running = false;
            stopped.signalAll();
            w = worker;
        } finally {
            lock.unlock();
        }
        LockSupport.unpark(w);
        try {
            w.join(pollInterval.plus(SEND_TIMEOUT).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts after the store and Kafka are ready and stops before them. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }

    private void run() {
        try {
            publishWhileRunning();
        } finally {
            resign();
        }
    }

    private void publishWhileRunning() {
        while (running) {
            try {
                if (connection == null && !tryLead()) {
                    pause(pollInterval);
                    continue;
                }
                listener.check();
                woken.set(false);
                int sent = publishBatch();
                refreshLagIfDue();
                if (heldBack) {
                    heldBackPause = heldBackPause == 0 ? HELD_BACK_FIRST_NANOS
                            : Math.min(HELD_BACK_MAX_NANOS, heldBackPause * 2);
                    awaitWakeUp(Math.min(heldBackPause, pollInterval.toNanos()));
                } else {
                    heldBackPause = 0;
                    if (sent < batchSize) {
                        awaitWakeUp(pollInterval.toNanos());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                if (running) {
                    log.warn("Publisher {} round failed; resigning and retrying in {}", publisherId, pollInterval, e);
                }
                resign();
                try {
                    pause(pollInterval);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
    }

    private boolean tryLead() throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            c.setAutoCommit(true);
            // the session's own connection, never closed by the client: the lock lives as long as it
            JdbcClient session = JdbcClient.create(new SingleConnectionDataSource(c, true));
            boolean locked = session.sql(TRY_LOCK).param("lockName", lockName()).query(Boolean.class).single();
            if (!locked) {
                c.close();
                return false;
            }
            session.sql(ENSURE_OFFSET).param("publisherId", publisherId).update();
            session.sql(READ_OFFSET).param("publisherId", publisherId).query((RowCallbackHandler) rs -> {
                lastTxId = rs.getString(1);
                lastPosition = rs.getLong(2);
            });
            // LISTEN before the first round: that round reads what committed earlier, later commits are notified
            listener = new NotificationListener();
            connection = c;
            leader = session;
            leading.set(1);
            lagRefreshedAt = 0;
            log.info("Publisher {} is leading from tx {} position {}", publisherId, lastTxId, lastPosition);
            return true;
        } catch (SQLException | RuntimeException e) {
            release(c);
            throw e;
        }
    }

    private String lockName() {
        return "eventstore.publisher:" + publisherId;
    }

    private int publishBatch() throws Exception {
        heldBack = false;
        List<StoredEvent> batch = new ArrayList<>();
        List<String> traceparents = new ArrayList<>();
        String[] batchLastTx = {lastTxId};
        long[] batchLastPosition = {lastPosition};
        leader.sql(SELECT_BATCH)
                .param("lastTxId", lastTxId)
                .param("lastPosition", lastPosition)
                .param("batchSize", batchSize)
                .query((RowCallbackHandler) rs -> {
                    if (heldBack || !rs.getBoolean(15)) {
                        // the rows after the first unsafe one are all unsafe (same or later tx_id)
                        heldBack = true;
                        return;
                    }
                    batch.add(storedEvent(rs));
                    traceparents.add(rs.getString(14));
                    batchLastTx[0] = rs.getString(13);
                    batchLastPosition[0] = rs.getLong(1);
                });
        rounds.incrementAndGet();
        if (batch.isEmpty()) {
            return 0;
        }
        List<CompletableFuture<SendResult<String, String>>> sends = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            sends.add(kafka.send(record(batch.get(i), traceparents.get(i))));
        }
        kafka.flush();
        for (CompletableFuture<SendResult<String, String>> send : sends) {
            send.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        afterAcknowledged.batchAcknowledged(batch);
        leader.sql(UPDATE_OFFSET)
                .param("lastTxId", batchLastTx[0])
                .param("lastPosition", batchLastPosition[0])
                .param("publisherId", publisherId)
                .update();
        lastTxId = batchLastTx[0];
        lastPosition = batchLastPosition[0];
        published.increment(batch.size());
        return batch.size();
    }

    /**
     * Sends the stored event {@code version} of {@code aggregateId} again, exactly as the outbox published
     * it (same topic, key, envelope and headers), and waits for the broker's acknowledgement; any
     * instance may call it, leader or not. A consumer that applied the event drops the copy as a
     * duplicate; one that dead-lettered it applies it once. For re-driving a saga that stopped.
     *
     * @return false when the store holds no such event
     */
    public boolean republish(UUID aggregateId, int version) throws Exception {
        List<StoredEvent> found = new ArrayList<>(1);
        List<String> traceparent = new ArrayList<>(1);
        JdbcClient.create(dataSource).sql(SELECT_ONE).param("aggregateId", aggregateId).param("version", version)
                .query((RowCallbackHandler) rs -> {
                    found.add(storedEvent(rs));
                    traceparent.add(rs.getString(14));
                });
        if (found.isEmpty()) {
            return false;
        }
        kafka.send(record(found.getFirst(), traceparent.getFirst())).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return true;
    }

    /** The columns 1–12 of {@link #SELECT_BATCH} and {@link #SELECT_ONE}. */
    private static StoredEvent storedEvent(ResultSet rs) throws SQLException {
        return new StoredEvent(
                rs.getObject(2, UUID.class),
                rs.getString(3),
                rs.getObject(4, UUID.class),
                rs.getInt(5),
                rs.getString(6),
                rs.getObject(7, OffsetDateTime.class).toInstant(),
                rs.getLong(1),
                rs.getString(8),
                rs.getString(9),
                schemaVersion(rs.getString(10)),
                rs.getString(11),
                rs.getString(12));
    }

    /** The stored {@code schemaVersion} as JSON text: a number is the version, anything else (or none) means the default. */
    private static int schemaVersion(String json) {
        if (json == null || json.isEmpty() || !(json.charAt(0) == '-' || Character.isDigit(json.charAt(0)))) {
            return StoredPayload.DEFAULT_SCHEMA_VERSION;
        }
        try {
            return Integer.parseInt(json);
        } catch (NumberFormatException e) {
            return new BigDecimal(json).intValue();
        }
    }

    /** @param traceparent the W3C trace context stored with the event (its {@code extra.traceparent}), or null */
    private ProducerRecord<String, String> record(StoredEvent event, String traceparent) {
        String aggregateId = event.aggregateId().toString();
        ProducerRecord<String, String> record = new ProducerRecord<>(
                AggregateEvents.topicOf(event.aggregateType()), aggregateId, EventRecordFormat.write(mapper, event));
        header(record, EventRecordFormat.EVENT_TYPE, event.eventType());
        header(record, EventRecordFormat.AGGREGATE_TYPE, event.aggregateType());
        header(record, EventRecordFormat.AGGREGATE_ID, aggregateId);
        header(record, EventRecordFormat.CORRELATION_ID, event.correlationId());
        header(record, EventRecordFormat.TRACEPARENT, traceparent);
        return record;
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        if (value != null) {
            record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private void refreshLagIfDue() {
        long now = System.nanoTime();
        if (lagRefreshedAt != 0 && now - lagRefreshedAt < LAG_REFRESH.toNanos()) {
            return;
        }
        lagRefreshedAt = now;
        leader.sql(READ_LAG)
                .param("lastTxId", lastTxId)
                .param("lastPosition", lastPosition)
                .query((RowCallbackHandler) rs -> {
                    lagEvents.set(rs.getLong(1));
                    lagAgeMillis.set(Math.max(0, rs.getLong(2)));
                });
    }

    /** Until {@link #wakeUp()} (a local commit or a NOTIFY), stop, or {@code nanos} passed. */
    private void awaitWakeUp(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        long left;
        while (running && !woken.get() && (left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, left);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    private void pause(Duration duration) throws InterruptedException {
        lock.lock();
        try {
            if (running) {
                stopped.await(duration.toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    private void resign() {
        Connection c = connection;
        connection = null;
        leader = null;
        if (listener != null) {
            listener.stop(!running);
            listener = null;
        }
        if (leading.getAndSet(0) == 1) {
            log.info("Publisher {} resigns", publisherId);
        }
        lagEvents.set(0);
        lagAgeMillis.set(0);
        if (c != null) {
            release(c);
        }
    }

    /** Closes the connection; it may go back to a pool, so no lock or listener is left behind. */
    private void release(Connection c) {
        try (Statement s = c.createStatement()) {
            s.execute("UNLISTEN *");
            s.execute("select pg_advisory_unlock_all()");
        } catch (SQLException e) {
            log.debug("Publisher {} could not release its lock explicitly (connection gone?)", publisherId, e);
        }
        closeQuietly(c);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            log.debug("close failed", e);
        }
    }

    /**
     * {@code LISTEN}s on a connection of its own, so that waiting for a {@code NOTIFY} never holds up
     * the leader's statements nor a local wake-up; runs while leading.
     */
    private final class NotificationListener {

        private final Connection listening;
        private final Thread thread;
        private volatile boolean active = true;
        private volatile Exception failure;

        NotificationListener() throws SQLException {
            listening = dataSource.getConnection();
            try {
                listening.setAutoCommit(true);
                try (Statement s = listening.createStatement()) {
                    s.execute("LISTEN " + JdbcEventStore.NOTIFY_CHANNEL);
                }
                PGConnection pg = listening.unwrap(PGConnection.class);
                thread = Thread.ofPlatform().daemon().name("eventstore-publisher-" + publisherId + "-listener")
                        .start(() -> listen(pg));
            } catch (SQLException | RuntimeException e) {
                release(listening);
                throw e;
            }
        }

        private void listen(PGConnection pg) {
            try {
                while (active) {
                    PGNotification[] notifications = pg.getNotifications(LISTEN_WAIT_MILLIS);
                    if (active && notifications != null && notifications.length > 0) {
                        wakeUp();
                    }
                }
                release(listening);
            } catch (SQLException | RuntimeException e) {
                closeQuietly(listening);
                if (active) {
                    failure = e;
                    wakeUp();
                }
            }
        }

        /** Throws when the listener's connection failed: the leader resigns and starts over. */
        void check() throws SQLException {
            Exception e = failure;
            if (e != null) {
                throw new SQLException("Publisher " + publisherId + " lost its LISTEN connection", e);
            }
        }

        /** The thread ends and closes its connection within {@link #LISTEN_WAIT_MILLIS}; {@code await}: wait for it. */
        void stop(boolean await) {
            active = false;
            if (await) {
                try {
                    thread.join(2L * LISTEN_WAIT_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
