package io.eventbank.accounts.account.domain;

import io.eventbank.events.Money;
import java.util.UUID;

/** What can be asked of an account. */
public sealed interface AccountCommand {

    record OpenAccount(String ownerId, String title, Money initialBalance) implements AccountCommand {
    }

    record DebitAccount(Money amount, UUID transferId) implements AccountCommand {
    }

    /** {@code refund} returns money of a failed transfer; a closed account still accepts it. */
    record CreditAccount(Money amount, UUID transferId, boolean refund) implements AccountCommand {
    }

    record CloseAccount(String reason) implements AccountCommand {
    }
}
