package io.eventbank.view.projection.application;

import io.eventbank.events.Money;
import io.eventbank.view.projection.domain.AccountChange;
import io.eventbank.view.projection.domain.AccountStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Account versions {@code fromVersion + 1 .. toVersion} folded into one change of the account document,
 * to be applied only onto a document at {@code fromVersion} (0: a placeholder, or no document when the
 * delta {@link #opening() opens} the account).
 *
 * @param balance the balance after the last event, or null when no event set it
 * @param status  the status after the last event, or null when no event set it
 * @param changes the debits and credits among the events, in version order
 */
public record AccountDelta(String accountId, int fromVersion, int toVersion, Opening opening, Money balance,
                           AccountStatus status, List<AccountChange> changes, Instant updatedAt) {

    public AccountDelta {
        changes = List.copyOf(changes);
    }

    /** What AccountOpened at version 1 sets besides balance and status. */
    public record Opening(String ownerId, String title, Instant openedAt) {
    }
}
