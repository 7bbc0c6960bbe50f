package io.eventbank.transfers;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** Settings of transfers-service ({@code eventbank.transfers.*}). */
@Validated
@ConfigurationProperties("eventbank.transfers")
public record TransfersProperties(@Valid @NotNull @DefaultValue Registry registry) {

    /**
     * @param waitForAccount how long {@code POST /transfers} waits for an account not yet replicated
     * @param pollInterval   how often it looks again while waiting
     */
    public record Registry(
            @NotNull @DefaultValue("2s") Duration waitForAccount,
            @NotNull @DefaultValue("50ms") Duration pollInterval) {
    }
}
