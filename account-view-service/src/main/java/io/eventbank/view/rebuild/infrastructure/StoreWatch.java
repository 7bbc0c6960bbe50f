package io.eventbank.view.rebuild.infrastructure;

import io.eventbank.view.rebuild.application.ViewRefill;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs {@link ViewRefill#check()} once before the subscriptions start, then every {@code interval}: a
 * store that lost its views (MongoDB restarted empty) is refilled without waiting for an event to
 * show the loss. A check that fails (MongoDB or Kafka unreachable) is tried again at the next one.
 */
class StoreWatch implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StoreWatch.class);

    private final ViewRefill refill;
    private final Duration interval;
    private ScheduledExecutorService scheduler;

    StoreWatch(ViewRefill refill, Duration interval) {
        this.refill = refill;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        checkQuietly();
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("view-store-watch").factory());
        scheduler.scheduleWithFixedDelay(this::checkQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void checkQuietly() {
        try {
            refill.check();
        } catch (RuntimeException e) {
            log.warn("Cannot check the view store for lost views now ({}); trying again in {}", e.toString(), interval);
        }
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    /** Before the listener containers (which start late) and the web server. */
    @Override
    public int getPhase() {
        return 0;
    }
}
