package io.eventbank.view.rebuild.infrastructure;

import io.eventbank.view.rebuild.application.ViewRefill;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Runs {@link ViewRefill#check()} once before the subscriptions start, then every {@code interval} on
 * Spring's task scheduler: a store that lost its views (MongoDB restarted empty) is refilled without
 * waiting for an event to show the loss. A check that fails (MongoDB or Kafka unreachable) is tried
 * again at the next one.
 */
class StoreWatch implements SmartLifecycle, SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(StoreWatch.class);

    private final ViewRefill refill;
    private final Duration interval;
    private volatile boolean running;

    StoreWatch(ViewRefill refill, Duration interval) {
        this.refill = refill;
        this.interval = interval;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(this::checkQuietly, interval);
    }

    @Override
    public void start() {
        checkQuietly();
        running = true;
    }

    private void checkQuietly() {
        try {
            refill.check();
        } catch (RuntimeException e) {
            log.warn("Cannot check the view store for lost views now; trying again in {}", interval, e);
        }
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the listener containers (which start late) and the web server. */
    @Override
    public int getPhase() {
        return 0;
    }
}
