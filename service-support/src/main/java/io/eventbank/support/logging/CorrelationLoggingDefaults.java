package io.eventbank.support.logging;

import io.eventbank.eventstore.EventMetadata;
import io.eventbank.support.CorrelationIds;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Correlation defaults of every service, as the lowest-precedence properties so that a service's
 * own setting wins:
 * <ul>
 * <li>{@code logging.pattern.correlation} = {@value #PATTERN}: trace and span id (put into the MDC
 *     by Micrometer Tracing) and the correlation id in every log line;</li>
 * <li>{@code management.tracing.baggage.remote-fields} = {@code X-Correlation-Id}: the correlation
 *     id is trace baggage propagated under its header's name, as clients already send it.</li>
 * </ul>
 */
public class CorrelationLoggingDefaults implements EnvironmentPostProcessor {

    public static final String PROPERTY_SOURCE = "eventbankLoggingDefaults";
    public static final String PATTERN = "[%X{traceId:-},%X{spanId:-}] [%X{" + EventMetadata.CORRELATION_ID + ":-}] ";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getPropertySources().contains(PROPERTY_SOURCE)) {
            environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE, Map.of(
                    "logging.pattern.correlation", PATTERN,
                    "management.tracing.baggage.remote-fields", CorrelationIds.HEADER)));
        }
    }
}
