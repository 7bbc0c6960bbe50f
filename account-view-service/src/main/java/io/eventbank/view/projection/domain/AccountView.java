package io.eventbank.view.projection.domain;

import io.eventbank.events.Money;
import java.util.List;

/**
 * The denormalized account: state as of Account {@code version}, the last transfers touching it with
 * their current status, and the last balance changes. Its content depends on the events only, not on
 * how they were batched or interleaved across the two topics.
 */
public record AccountView(String accountId, String ownerId, String title, Money balance, AccountStatus status,
                          int version, List<TransferEntry> recentTransfers, List<AccountChange> recentChanges) {

    public AccountView {
        recentTransfers = List.copyOf(recentTransfers);
        recentChanges = List.copyOf(recentChanges);
    }
}
