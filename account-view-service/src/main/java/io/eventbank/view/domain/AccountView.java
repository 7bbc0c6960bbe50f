package io.eventbank.view.domain;

import java.math.BigDecimal;
import java.util.List;

/**
 * The denormalized account: state as of Account {@code version}, the last transfers touching it with
 * their current status, and the last balance changes.
 *
 * @param revision increases with every change of the document, including transfer entries
 */
public record AccountView(String accountId, String ownerId, String title, BigDecimal balance, AccountStatus status,
                          int version, long revision, List<TransferEntry> recentTransfers,
                          List<AccountChange> recentChanges) {

    public AccountView {
        recentTransfers = List.copyOf(recentTransfers);
        recentChanges = List.copyOf(recentChanges);
    }
}
