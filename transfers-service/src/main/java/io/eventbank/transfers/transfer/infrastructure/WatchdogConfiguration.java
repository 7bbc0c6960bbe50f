package io.eventbank.transfers.transfer.infrastructure;

import io.eventbank.eventstore.publisher.EventPublisher;
import io.eventbank.transfers.TransfersProperties;
import io.eventbank.transfers.transfer.application.EventRedrive;
import io.eventbank.transfers.transfer.application.SagaWatchdog;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;

/** The saga watchdog: a scan every {@code eventbank.transfers.watchdog.check-interval}, its metrics. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
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

    /** Scans every {@code eventbank.transfers.watchdog.check-interval} on Spring's task scheduler. */
    @Bean
    SchedulingConfigurer sagaWatchdogSchedule(SagaWatchdog watchdog, TransfersProperties properties) {
        Duration every = properties.watchdog().checkInterval();
        return tasks -> tasks.addFixedDelayTask(() -> {
            try {
                watchdog.scan();
            } catch (RuntimeException e) {
                log.warn("Saga watchdog scan failed, trying again in {}: {}", every, e.toString());
            }
        }, every);
    }
}
