package io.eventbank.events;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Money amounts: {@link BigDecimal} with scale 2, written as JSON strings ({@code "195.00"}). */
public final class Money {

    /** Largest amount a single command may move or open with. */
    public static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000.00");

    public static final BigDecimal ZERO = new BigDecimal("0.00");

    private Money() {
    }

    /**
     * Returns {@code amount} at scale 2.
     *
     * @throws ArithmeticException when it has more than two decimals
     */
    public static BigDecimal of(BigDecimal amount) {
        return amount == null ? null : amount.setScale(2, RoundingMode.UNNECESSARY);
    }

    public static BigDecimal of(String amount) {
        return of(new BigDecimal(amount));
    }

    /** True when {@code amount} has at most two decimals once trailing zeros are dropped. */
    public static boolean hasAtMostTwoDecimals(BigDecimal amount) {
        return amount.stripTrailingZeros().scale() <= 2;
    }
}
