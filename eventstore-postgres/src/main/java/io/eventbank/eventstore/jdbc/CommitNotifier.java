package io.eventbank.eventstore.jdbc;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Tells others that appends committed: listeners of the same process directly, on the committing
 * thread (a local publisher wakes at once, no database round trip), and, when {@code NOTIFY} is on
 * and no local publisher leads, publishers of other processes with a {@code NOTIFY} on {@link JdbcEventStore#NOTIFY_CHANNEL},
 * coalesced on one background thread and sent at most once per {@link #MIN_INTERVAL}: signals that
 * arrive meanwhile collapse into the next notification, so a busy store sends a few hundred per
 * second at most, whatever its append rate, and a remote publisher's wake-up is delayed by that
 * interval at most.
 *
 * <p>Why not inside the append transaction: PostgreSQL serialises the commits of every transaction
 * that issued {@code NOTIFY} behind one database-wide lock held until the commit is flushed, which
 * defeats group commit (measured: a tenth of the append throughput with {@code fsync=on}). Here the
 * appenders never take that lock, and the notifier's own tiny transaction (one auto-commit
 * statement) commits with {@code synchronous_commit = off}. The notification is a wake-up only; the publisher's poll is the
 * fallback when one is lost.
 */
final class CommitNotifier implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CommitNotifier.class);

    static final Duration MIN_INTERVAL = Duration.ofMillis(5);
    private static final String SEND = """
            select set_config('synchronous_commit', 'off', true), pg_notify(:channel, '')
            """;

    private final JdbcClient jdbc;
    private final StandaloneStatements standalone;
    private final List<BooleanSupplier> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean pending = new AtomicBoolean();
    private final Semaphore wakeUp = new Semaphore(0);
    /** Null when {@code NOTIFY} is off. */
    private final Thread worker;
    private volatile boolean running = true;

    /**
     * @param jdbc       used from the notifier's own thread only, outside any transaction
     * @param standalone on {@code jdbc}'s DataSource
     * @param notify     send {@code NOTIFY}; without it only the listeners are told
     */
    CommitNotifier(JdbcClient jdbc, StandaloneStatements standalone, boolean notify) {
        this.jdbc = jdbc;
        this.standalone = standalone;
        this.worker = notify
                ? Thread.ofPlatform().daemon().name("eventstore-commit-notifier").start(this::run)
                : null;
    }

    /**
     * {@code listener} runs on the committing thread after every signal: it must be quick. When it
     * answers true (a local publisher that leads was woken), that signal sends no {@code NOTIFY}.
     */
    void addListener(BooleanSupplier listener) {
        listeners.add(listener);
    }

    /** Whether a signal has anyone to tell. */
    boolean active() {
        return worker != null || !listeners.isEmpty();
    }

    /** Tells the listeners and, unless one of them publishes, asks for one notification; non-blocking. */
    void signal() {
        boolean published = false;
        for (BooleanSupplier listener : listeners) {
            try {
                published |= listener.getAsBoolean();
            } catch (RuntimeException e) {
                log.debug("Commit listener failed; the publisher's poll picks the events up", e);
            }
        }
        if (!published && worker != null && !pending.get() && pending.compareAndSet(false, true)) {
            wakeUp.release();
        }
    }

    private void run() {
        while (running) {
            try {
                wakeUp.acquire();
                wakeUp.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (pending.getAndSet(false)) {
                send();
                LockSupport.parkNanos(MIN_INTERVAL.toNanos());
            }
        }
    }

    /**
     * One statement, one round trip on an auto-commit connection (the setting is local to its own
     * transaction); committed explicitly on a pool whose connections are not in auto-commit mode.
     */
    private void send() {
        try {
            standalone.run(() -> {
                jdbc.sql(SEND)
                        .param("channel", JdbcEventStore.NOTIFY_CHANNEL)
                        .query((RowCallbackHandler) row -> { });
                return null;
            }, sent -> true);
        } catch (RuntimeException e) {
            log.debug("NOTIFY after append failed; the publisher's poll picks the events up", e);
        }
    }

    @Override
    public void close() {
        running = false;
        if (worker != null) {
            worker.interrupt();
        }
    }
}
