package io.eventbank.support.autoconfigure;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Web conventions of the Eventbank services ({@code eventbank.web.*}).
 *
 * @param maxRequestBodySize larger request bodies are answered 413
 * @param kafkaHealthTimeout how long the Kafka health check waits for the cluster
 */
@Validated
@ConfigurationProperties("eventbank.web")
public record ServiceSupportProperties(
        @NotNull @DefaultValue("64KB") DataSize maxRequestBodySize,
        @NotNull @DefaultValue("3s") Duration kafkaHealthTimeout) {
}
