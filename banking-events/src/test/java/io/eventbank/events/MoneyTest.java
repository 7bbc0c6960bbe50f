package io.eventbank.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventbank.eventstore.DomainException;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

class MoneyTest {

    private final JsonMapper mapper = JsonMapper.builder().build();

    record Request(@tools.jackson.databind.annotation.JsonDeserialize(using = MoneyJson.Amount.class) Money amount,
                   @tools.jackson.databind.annotation.JsonDeserialize(using = MoneyJson.Opening.class) Money opening,
                   Money balance) {
    }

    @Test
    void holdsScaleTwoAndComparesByValue() {
        assertThat(Money.of("12.5").value()).isEqualTo(new BigDecimal("12.50"));
        assertThat(Money.of("12.500")).isEqualTo(Money.of(new BigDecimal("12.5")));
        assertThat(Money.of("0E+3")).isEqualTo(Money.ZERO);
        assertThat(Money.of("1.10").toString()).isEqualTo("1.10");
        assertThat(Money.of("1e3").toString()).isEqualTo("1000.00");
        assertThat(Money.of("10").plus(Money.of("0.5"))).isEqualTo(Money.of("10.50"));
        assertThat(Money.of("10").minus(Money.of("10"))).isEqualTo(Money.ZERO);
        assertThat(Money.of("1").isLessThan(Money.of("1.01"))).isTrue();
        assertThat(Money.ZERO.isZero()).isTrue();
        // balances may outgrow what one command moves
        assertThat(Money.of(Money.MAX_AMOUNT).plus(Money.of("1"))).isEqualTo(Money.of("1000000001"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-0.01", "0.001", "1e18", "1e999999999", "ten"})
    void refusesWhatIsNoSumOfMoney(String value) {
        assertInvalid(() -> Money.of(value));
    }

    @Test
    void refusesANegativeDifferenceAndNull() {
        assertInvalid(() -> Money.of("1").minus(Money.of("1.01")));
        assertInvalid(() -> Money.of((BigDecimal) null));
        assertInvalid(() -> Money.amount((Money) null));
    }

    @Test
    void anAmountIsPositiveAndAtMostTheMaximumAnOpeningAtMostTheMaximum() {
        assertThat(Money.amount("0.01")).isEqualTo(Money.of("0.01"));
        assertThat(Money.amount(Money.MAX_AMOUNT)).isEqualTo(Money.of(Money.MAX_AMOUNT));
        assertInvalid(() -> Money.amount("0"));
        assertInvalid(() -> Money.amount("1000000000.01"));
        assertThat(Money.opening(BigDecimal.ZERO)).isEqualTo(Money.ZERO);
        assertThat(Money.opening(Money.of(Money.MAX_AMOUNT))).isEqualTo(Money.of(Money.MAX_AMOUNT));
        assertInvalid(() -> Money.opening(new BigDecimal("1000000000.01")));
    }

    @Test
    void jsonIsAStringAndReadsStringsOrNumbers() {
        assertThat(mapper.writeValueAsString(Money.of("12.5"))).isEqualTo("\"12.50\"");
        Request read = mapper.readValue("{\"amount\":12.5,\"opening\":\" 0 \",\"balance\":\"2000000000.10\"}",
                Request.class);
        assertThat(read).isEqualTo(new Request(Money.of("12.50"), Money.ZERO, Money.of("2000000000.10")));
        assertThat(mapper.writeValueAsString(read))
                .isEqualTo("{\"amount\":\"12.50\",\"opening\":\"0.00\",\"balance\":\"2000000000.10\"}");
        assertThat(mapper.readValue("{\"amount\":null}", Request.class).amount()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "1.005", "1e12", "1000000000.01", "\"ten\"", "\"\""})
    void readingARefusedAmountNamesTheField(String literal) {
        assertThatThrownBy(() -> mapper.readValue("{\"amount\":" + literal + "}", Request.class))
                .isInstanceOfSatisfying(InvalidFormatException.class, e -> {
                    assertThat(e.getPath()).singleElement().satisfies(ref ->
                            assertThat(ref.getPropertyName()).isEqualTo("amount"));
                    assertThat(e.getTargetType()).isEqualTo(Money.class);
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"-0", "-0.00", "\"-0.00\"", "\" -0 \"", "1e-400", "1E+999999999", "\"NaN\"", "\"Infinity\""})
    void readingANegativeZeroOrAnExtremeOpeningIsRefused(String literal) {
        assertThatThrownBy(() -> mapper.readValue("{\"opening\":" + literal + "}", Request.class))
                .isInstanceOfSatisfying(InvalidFormatException.class,
                        e -> assertThat(e.getPath()).singleElement().satisfies(ref ->
                                assertThat(ref.getPropertyName()).isEqualTo("opening")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "[1]", "true"})
    void readingAnotherTokenIsAMismatch(String literal) {
        assertThatThrownBy(() -> mapper.readValue("{\"balance\":" + literal + "}", Request.class))
                .isInstanceOf(MismatchedInputException.class);
    }

    private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.code()).isEqualTo(Money.INVALID_AMOUNT));
    }
}
