package io.eventbank.support.infrastructure;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Time limits on every connection of a service to PostgreSQL and Kafka, as the lowest-precedence properties
 * so that a service's own setting wins. A half-open connection or a stuck session then ends in an error the
 * caller retries, never in a thread that waits forever (or a session that holds its locks):
 * <ul>
 * <li>PostgreSQL: a pooled connection within {@value #POOL_WAIT} ms, the TCP connect within
 *     {@value #CONNECT_SECONDS} s, no socket read longer than {@value #SOCKET_SECONDS} s, no statement
 *     longer than {@value #STATEMENT_TIMEOUT}, and the server ends a session idle inside a transaction
 *     for {@value #IDLE_IN_TRANSACTION} (its locks with it);</li>
 * <li>Kafka: a request is answered within {@value #KAFKA_REQUEST_MS} ms, a record delivered (retries
 *     included) within {@value #KAFKA_DELIVERY_MS} ms.</li>
 * </ul>
 */
public class ConnectionTimeoutDefaults implements EnvironmentPostProcessor {

    public static final String PROPERTY_SOURCE = "eventbankConnectionTimeouts";
    static final String POOL_WAIT = "5000";
    static final String CONNECT_SECONDS = "5";
    static final String SOCKET_SECONDS = "60";
    static final String STATEMENT_TIMEOUT = "30s";
    static final String IDLE_IN_TRANSACTION = "60s";
    static final String KAFKA_REQUEST_MS = "30000";
    static final String KAFKA_DELIVERY_MS = "120000";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getPropertySources().contains(PROPERTY_SOURCE)) {
            environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE, Map.of(
                    "spring.datasource.hikari.connection-timeout", POOL_WAIT,
                    "spring.datasource.hikari.data-source-properties.connectTimeout", CONNECT_SECONDS,
                    "spring.datasource.hikari.data-source-properties.socketTimeout", SOCKET_SECONDS,
                    "spring.datasource.hikari.data-source-properties.options", "-c statement_timeout=" + STATEMENT_TIMEOUT
                            + " -c idle_in_transaction_session_timeout=" + IDLE_IN_TRANSACTION,
                    "spring.kafka.properties.request.timeout.ms", KAFKA_REQUEST_MS,
                    "spring.kafka.producer.properties.delivery.timeout.ms", KAFKA_DELIVERY_MS)));
        }
    }
}
