package io.eventbank.auth.customer.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SignUpPolicyTest {

    private static List<String> fields(String username, String password) {
        return SignUpPolicy.check(username, password).stream().map(Violation::field).toList();
    }

    @Test
    void acceptsALongPasswordAndASimpleUsername() {
        assertThat(SignUpPolicy.check("carol.smith-2", "a long passphrase here")).isEmpty();
    }

    @Test
    void keepsUsernamesInLowerCase() {
        assertThat(SignUpPolicy.normalize("  Carol ")).isEqualTo("carol");
        assertThat(SignUpPolicy.check("CAROL", "a long passphrase here")).isEmpty();
    }

    @Test
    void rejectsUsernamesOutsideTheLengthLimits() {
        assertThat(fields("ab", "a long passphrase here")).containsExactly("username");
        assertThat(fields("a".repeat(33), "a long passphrase here")).containsExactly("username");
        assertThat(fields("a".repeat(10_240), "a long passphrase here")).containsExactly("username");
        assertThat(fields(null, "a long passphrase here")).containsExactly("username");
    }

    @Test
    void rejectsUsernamesWithOtherCharacters() {
        for (String username : List.of("carol smith", "carol@bank", "carøl", "carol\u0000x", "<script>")) {
            assertThat(fields(username, "a long passphrase here")).as(username).containsExactly("username");
        }
    }

    @Test
    void rejectsShortAndOverlongPasswords() {
        assertThat(fields("carol", "short pass1")).containsExactly("password");
        assertThat(fields("carol", "x".repeat(129))).containsExactly("password");
        assertThat(fields("carol", null)).containsExactly("password");
        assertThat(fields("carol", "x".repeat(128))).isEmpty();
    }

    @Test
    void rejectsPasswordsContainingTheUsername() {
        assertThat(SignUpPolicy.check("carol", "my name is CAROL ok"))
                .containsExactly(new Violation("password", "The password must not contain the username."));
    }

    @Test
    void rejectsPasswordsWithControlCharacters() {
        assertThat(fields("carol", "a long pass\u0007phrase")).containsExactly("password");
    }

    @Test
    void reportsEveryBrokenRule() {
        assertThat(fields("x", "short")).containsExactly("username", "password");
    }
}
