package io.eventbank.view;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code eventbank.view.*}.
 *
 * @param subscriberId     Kafka consumer group of the live projection
 * @param defaultWait      how long a min-version read waits when the request names no {@code waitMs}
 * @param maxWait          the largest {@code waitMs} a request may ask for
 * @param recheckInterval  how often a waiting read re-reads the view besides being signalled
 * @param retryAfter       the {@code Retry-After} of a 409 view-not-up-to-date answer
 * @param maxPageSize      the largest page of {@code /accounts/{id}/changes}
 * @param rebuildPollTimeout poll timeout of the rebuild consumer
 * @param storeCheckInterval how often the view store is checked for having lost its views (then refilled)
 */
@Validated
@ConfigurationProperties("eventbank.view")
public record ViewProperties(
        @DefaultValue("account-view-service") @NotBlank String subscriberId,
        @DefaultValue("2s") @NotNull Duration defaultWait,
        @DefaultValue("30s") @NotNull Duration maxWait,
        @DefaultValue("200ms") @NotNull Duration recheckInterval,
        @DefaultValue("1s") @NotNull Duration retryAfter,
        @DefaultValue("100") @Min(1) @Max(1000) int maxPageSize,
        @DefaultValue("1s") @NotNull Duration rebuildPollTimeout,
        @DefaultValue("10s") @NotNull Duration storeCheckInterval) {
}
