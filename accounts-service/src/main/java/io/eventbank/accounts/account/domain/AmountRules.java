package io.eventbank.accounts.account.domain;

import io.eventbank.eventstore.DomainException;
import io.eventbank.events.Money;
import java.math.BigDecimal;

/** Amount rules shared by every money command: at most two decimals and at most {@link Money#MAX_AMOUNT}. */
final class AmountRules {

    private AmountRules() {
    }

    static BigDecimal positive(BigDecimal amount) {
        if (amount == null || amount.signum() <= 0) {
            throw new DomainException("invalid-amount", "Amount must be greater than zero");
        }
        return bounded(amount);
    }

    static BigDecimal nonNegative(BigDecimal amount) {
        if (amount == null || amount.signum() < 0) {
            throw new DomainException("invalid-amount", "Amount must not be negative");
        }
        return bounded(amount);
    }

    private static BigDecimal bounded(BigDecimal amount) {
        if (!Money.hasAtMostTwoDecimals(amount)) {
            throw new DomainException("invalid-amount", "Amount must have at most two decimals");
        }
        if (amount.compareTo(Money.MAX_AMOUNT) > 0) {
            throw new DomainException("invalid-amount", "Amount must not exceed " + Money.MAX_AMOUNT);
        }
        return Money.of(amount);
    }
}
