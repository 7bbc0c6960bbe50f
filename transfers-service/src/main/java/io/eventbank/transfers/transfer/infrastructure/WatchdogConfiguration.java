package io.eventbank.transfers.transfer.infrastructure;

import io.eventbank.eventstore.publisher.EventPublisher;
import io.eventbank.transfers.TransfersProperties;
import io.eventbank.transfers.transfer.application.EventRedrive;
import io.eventbank.transfers.transfer.application.SagaWatchdog;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The saga watchdog: a scan every {@code eventbank.transfers.watchdog.check-interval}, its metrics. */
@Configuration(proxyBeanMethods = false)
public class WatchdogConfiguration {

    private static final Logger log = LoggerFactory.getLogger(WatchdogConfiguration.class);

    @Bean
    SagaWatchdog sagaWatchdog(JdbcClient jdbc, EventPublisher publisher, TransfersProperties properties,
                              MeterRegistry meters) {
        TransfersProperties.Watchdog settings = properties.watchdog();
        EventRedrive redrive = publisher::republish;
        SagaWatchdog watchdog = new SagaWatchdog(new JdbcOpenTransfers(jdbc), redrive, settings.stuckAfter(),
                settings.redrive(), Clock.systemUTC());
        Gauge.builder("transfers.stuck", watchdog, w -> w.stuck().size())
                .description("Transfers whose saga waited longer than eventbank.transfers.watchdog.stuck-after at the last scan")
                .register(meters);
        FunctionCounter.builder("transfers.redriven", watchdog, SagaWatchdog::redriven)
                .description("Stuck transfers re-driven from their last event").register(meters);
        return watchdog;
    }

    @Bean
    SmartLifecycle sagaWatchdogSchedule(SagaWatchdog watchdog, TransfersProperties properties) {
        long every = properties.watchdog().checkInterval().toMillis();
        return new SmartLifecycle() {
            private ScheduledExecutorService scheduler;

            @Override
            public synchronized void start() {
                scheduler = Executors.newSingleThreadScheduledExecutor(
                        Thread.ofPlatform().daemon().name("saga-watchdog").factory());
                scheduler.scheduleWithFixedDelay(() -> {
                    try {
                        watchdog.scan();
                    } catch (RuntimeException e) {
                        log.warn("Saga watchdog scan failed, trying again in {} ms: {}", every, e.toString());
                    }
                }, every, every, TimeUnit.MILLISECONDS);
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
        };
    }
}
