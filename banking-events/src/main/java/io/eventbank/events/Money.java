package io.eventbank.events;

import com.fasterxml.jackson.annotation.JsonValue;
import io.eventbank.eventstore.DomainException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * A sum of money: never negative, at most two decimals, held at scale 2 ({@code 12.5} is {@code 12.50}).
 *
 * <p>The factories name the rule that applies: {@link #of} any sum (a balance), {@link #amount} what
 * one command moves (greater than zero, at most {@link #MAX_AMOUNT}), {@link #opening} what an account
 * opens with (zero to {@link #MAX_AMOUNT}). A value that breaks the rule is refused with a
 * {@link DomainException} coded {@value #INVALID_AMOUNT}.
 *
 * <p>JSON: written as a string ({@code "12.50"}); read from a string or a number (stored events and
 * snapshots of earlier versions hold numbers) by {@link MoneyJson.AnySum}, or by the stricter
 * {@link MoneyJson.Amount} and {@link MoneyJson.Opening} where a request field names them.
 *
 * @param value the sum at scale 2
 */
@JsonDeserialize(using = MoneyJson.AnySum.class)
public record Money(BigDecimal value) implements Comparable<Money> {

    /** Problem code of a refused sum. */
    public static final String INVALID_AMOUNT = "invalid-amount";

    /** Largest amount a single command may move or open an account with. */
    public static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000.00");

    /** Bound on any sum, balances included, against absurd input (e.g. {@code 1e999999}). */
    private static final int MAX_INTEGER_DIGITS = 18;

    public static final Money ZERO = new Money(BigDecimal.ZERO);

    /**
     * @throws DomainException {@value #INVALID_AMOUNT} when {@code value} is null, negative, has more
     *                         than two decimals or more than 18 integer digits
     */
    public Money {
        if (value == null) {
            throw invalid("Amount is required");
        }
        if (value.signum() < 0) {
            throw invalid("Amount must not be negative");
        }
        if (value.signum() == 0) {
            value = BigDecimal.ZERO;
        } else if (value.precision() - value.scale() > MAX_INTEGER_DIGITS) {
            throw invalid("Amount is too large");
        } else if (value.stripTrailingZeros().scale() > 2) {
            throw invalid("Amount must have at most two decimals");
        }
        value = value.setScale(2, RoundingMode.UNNECESSARY);
    }

    /** Any sum of money, e.g. a balance. */
    public static Money of(BigDecimal value) {
        return new Money(value);
    }

    /** {@link #of(BigDecimal)} of a decimal string such as {@code "12.50"}. */
    public static Money of(String value) {
        return of(parse(value));
    }

    /** An amount one command moves: greater than zero and at most {@link #MAX_AMOUNT}. */
    public static Money amount(BigDecimal value) {
        return of(value).asAmount();
    }

    /** {@link #amount(BigDecimal)} of a decimal string. */
    public static Money amount(String value) {
        return amount(parse(value));
    }

    /** {@link #amount(BigDecimal)} of a sum already held as money (null is refused). */
    public static Money amount(Money money) {
        return requireNonNull(money).asAmount();
    }

    /** What an account may open with: zero to {@link #MAX_AMOUNT}. */
    public static Money opening(BigDecimal value) {
        return of(value).atMostMaxAmount();
    }

    /** {@link #opening(BigDecimal)} of a sum already held as money (null is refused). */
    public static Money opening(Money money) {
        return requireNonNull(money).atMostMaxAmount();
    }

    public Money plus(Money other) {
        return new Money(value.add(other.value));
    }

    /** @throws DomainException {@value #INVALID_AMOUNT} when {@code other} is larger */
    public Money minus(Money other) {
        return new Money(value.subtract(other.value));
    }

    public boolean isZero() {
        return value.signum() == 0;
    }

    public boolean isLessThan(Money other) {
        return compareTo(other) < 0;
    }

    @Override
    public int compareTo(Money other) {
        return value.compareTo(other.value);
    }

    /** The plain decimal at scale 2, e.g. {@code "12.50"}; also the JSON form. */
    @JsonValue
    @Override
    public String toString() {
        return value.toPlainString();
    }

    private Money asAmount() {
        if (isZero()) {
            throw invalid("Amount must be greater than zero");
        }
        return atMostMaxAmount();
    }

    private Money atMostMaxAmount() {
        if (value.compareTo(MAX_AMOUNT) > 0) {
            throw invalid("Amount must not exceed " + MAX_AMOUNT);
        }
        return this;
    }

    private static Money requireNonNull(Money money) {
        if (money == null) {
            throw invalid("Amount is required");
        }
        return money;
    }

    private static BigDecimal parse(String value) {
        if (value == null) {
            return null;
        }
        try {
            return new BigDecimal(value.strip());
        } catch (NumberFormatException e) {
            throw invalid("Amount must be a decimal number");
        }
    }

    private static DomainException invalid(String message) {
        return new DomainException(INVALID_AMOUNT, message);
    }
}
