package io.eventbank.accounts.account.domain;

import java.math.BigDecimal;
import java.util.UUID;

/** What can be asked of an account. */
public sealed interface AccountCommand {

    record OpenAccount(String ownerId, String title, BigDecimal initialBalance) implements AccountCommand {
    }

    record DebitAccount(BigDecimal amount, UUID transferId) implements AccountCommand {
    }

    /** {@code refund} returns money of a failed transfer; a closed account still accepts it. */
    record CreditAccount(BigDecimal amount, UUID transferId, boolean refund) implements AccountCommand {
    }

    record CloseAccount(String reason) implements AccountCommand {
    }
}
