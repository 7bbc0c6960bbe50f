package io.eventbank.support.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class CorrelationLoggingDefaultsTest {

    @Test
    void logLinesCarryTheCorrelationIdByDefault() {
        StandardEnvironment environment = new StandardEnvironment();
        new CorrelationLoggingDefaults().postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty("logging.pattern.correlation"))
                .isEqualTo("[%X{traceId:-},%X{spanId:-}] [%X{correlationId:-}] ");
        assertThat(environment.getProperty("management.tracing.baggage.remote-fields")).isEqualTo("X-Correlation-Id");
    }

    @Test
    void aServicesOwnPatternWins() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("service",
                Map.of("logging.pattern.correlation", "<%X{correlationId}> ")));
        new CorrelationLoggingDefaults().postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty("logging.pattern.correlation")).isEqualTo("<%X{correlationId}> ");
    }
}
