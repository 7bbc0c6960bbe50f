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
public record TransfersProperties(@Valid @NotNull @DefaultValue Registry registry,
                                  @Valid @NotNull @DefaultValue Watchdog watchdog) {

    /**
     * @param waitForAccount how long {@code POST /transfers} waits for an account not yet replicated
     * @param pollInterval   how often it looks again while waiting
     */
    public record Registry(
            @NotNull @DefaultValue("2s") Duration waitForAccount,
            @NotNull @DefaultValue("50ms") Duration pollInterval) {
    }

    /**
     * @param stuckAfter    how long a saga may wait for the accounts before its transfer counts as stuck
     * @param checkInterval how often the watchdog looks
     * @param redrive       whether a stuck transfer is re-driven from its last event by itself (at most
     *                      once per {@code stuckAfter}); off, only {@code POST /admin/transfers/{id}/redrive} does
     */
    public record Watchdog(
            @NotNull @DefaultValue("60s") Duration stuckAfter,
            @NotNull @DefaultValue("15s") Duration checkInterval,
            @DefaultValue("true") boolean redrive) {
    }
}
