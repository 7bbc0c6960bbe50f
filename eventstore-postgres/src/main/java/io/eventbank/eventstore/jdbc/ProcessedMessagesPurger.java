package io.eventbank.eventstore.jdbc;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Deletes processed message ids older than the retention every {@code interval}, on one daemon
 * thread, while the application context runs. A failed purge is logged and retried next time.
 * Running it in several instances of a service is harmless.
 */
public class ProcessedMessagesPurger implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProcessedMessagesPurger.class);

    private final JdbcEventStore store;
    private final Duration retention;
    private final Duration interval;
    private ScheduledExecutorService executor;

    public ProcessedMessagesPurger(JdbcEventStore store, Duration retention, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("purge interval must be positive");
        }
        this.store = store;
        this.retention = retention;
        this.interval = interval;
    }

    /** Purges once now; also what the schedule runs. */
    public int purge() {
        int deleted = store.purgeProcessedMessages(retention);
        if (deleted > 0) {
            log.info("Purged {} processed message ids older than {}", deleted, retention);
        }
        return deleted;
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "eventstore-dedup-purge");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                purge();
            } catch (RuntimeException e) {
                log.warn("Purging processed message ids failed; retrying in {}", interval, e);
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
