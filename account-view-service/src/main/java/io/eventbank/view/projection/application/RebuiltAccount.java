package io.eventbank.view.projection.application;

import io.eventbank.events.Money;
import io.eventbank.view.projection.domain.AccountChange;
import io.eventbank.view.projection.domain.AccountStatus;
import io.eventbank.view.projection.domain.TransferEntry;
import java.time.Instant;
import java.util.List;

/**
 * An account document as a rebuild folded it: exactly the fields the live path's guarded updates
 * would have set. A placeholder (version 0) has no opening, balance, status nor {@code updatedAt}.
 *
 * @param opening null until the account's AccountOpened was applied
 * @param balance null when no event set it
 * @param status  null when no event set it
 */
public record RebuiltAccount(String accountId, int version, AccountDelta.Opening opening, Money balance,
                             AccountStatus status, Instant updatedAt, List<TransferEntry> recentTransfers,
                             List<AccountChange> recentChanges) {

    public RebuiltAccount {
        recentTransfers = List.copyOf(recentTransfers);
        recentChanges = List.copyOf(recentChanges);
    }
}
