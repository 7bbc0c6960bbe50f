package io.eventbank.support.logging;

import io.eventbank.support.CorrelationIds;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Puts the correlation id into every log line by default: {@code logging.pattern.correlation} =
 * {@code [%X{correlationId:-}] }, as the lowest-precedence property, so a service's own setting wins.
 */
public class CorrelationLoggingDefaults implements EnvironmentPostProcessor {

    public static final String PROPERTY_SOURCE = "eventbankLoggingDefaults";
    public static final String PATTERN = "[%X{" + CorrelationIds.MDC_KEY + ":-}] ";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getPropertySources().contains(PROPERTY_SOURCE)) {
            environment.getPropertySources().addLast(
                    new MapPropertySource(PROPERTY_SOURCE, Map.of("logging.pattern.correlation", PATTERN)));
        }
    }
}
