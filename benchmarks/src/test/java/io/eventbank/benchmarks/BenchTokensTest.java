package io.eventbank.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventbank.testsupport.Tokens;
import org.junit.jupiter.api.Test;

class BenchTokensTest {

    @Test
    void theCustomerIsTheSubjectOfTheCustomerToken() {
        assertThat(BenchTokens.subject(Tokens.customer("alice"))).isEqualTo("alice");
    }

    @Test
    void withoutGivenTokensTheBenchmarkSignsItsOwn() {
        assertThat(BenchTokens.CUSTOMER).isEqualTo("bench");
        assertThat(BenchTokens.subject(BenchTokens.TELLER_TOKEN)).isEqualTo(Tokens.TELLER_CLIENT);
    }

    @Test
    void refusesSomethingThatIsNotAJwt() {
        assertThatThrownBy(() -> BenchTokens.subject("opaque")).hasMessageContaining("is not a JWT");
    }
}
