package io.eventbank.auth.customer;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventbank.auth.support.AuthServiceIntegrationTest;
import io.eventbank.testsupport.Browser;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SignUpTest extends AuthServiceIntegrationTest {

    private static String newUsername() {
        return "c" + UUID.randomUUID().toString().substring(0, 8);
    }

    private HttpResponse<String> signUp(String username, String password) {
        return browser.postForm("/signup",
                Map.of("username", username, "password", password, "_csrf", browser.csrfToken("/signup")));
    }

    @Test
    void signsUpACustomerWhoCanThenSignIn() {
        String username = newUsername();
        HttpResponse<String> answer = signUp(username.toUpperCase(), "a long passphrase here");

        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(Browser.location(answer)).endsWith("/login?signedUp=" + username);
        String hash = jdbc.sql("select password_hash from customers where username = :u").param("u", username)
                .query(String.class).single();
        assertThat(hash).startsWith("{bcrypt}").doesNotContain("passphrase");

        HttpResponse<String> signedIn = new Browser(baseUri()).signIn(username, "a long passphrase here");
        assertThat(Browser.location(signedIn)).doesNotContain("error");
    }

    @Test
    void refusesATakenUsernameWhateverItsCaseAndWritesNothing() {
        String username = newUsername();
        assertThat(signUp(username, "a long passphrase here").statusCode()).isEqualTo(302);
        long before = customerCount();

        HttpResponse<String> again = signUp(username.toUpperCase(), "another long passphrase");

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("The username " + username + " is taken");
        assertThat(customerCount()).isEqualTo(before);
        String stillFirst = jdbc.sql("select password_hash from customers where username = :u").param("u", username)
                .query(String.class).single();
        assertThat(stillFirst).isNotBlank();
    }

    @Test
    void refusesAWeakPasswordKeepingTheUsernameTyped() {
        String username = newUsername();
        long before = customerCount();

        HttpResponse<String> answer = signUp(username, "short");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("The password must be 12 to 128 characters long.")
                .contains("value=\"" + username + "\"");
        assertThat(customerCount()).isEqualTo(before);
    }

    @Test
    void refusesAPasswordContainingTheUsername() {
        String username = newUsername();
        HttpResponse<String> answer = signUp(username, "my name is " + username);
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("The password must not contain the username.");
    }

    @ParameterizedTest
    @ValueSource(ints = {10_240, 102_400})
    void refusesAHugeUsernameWithoutEchoingIt(int length) {
        long before = customerCount();
        String huge = "a".repeat(length);

        HttpResponse<String> answer = signUp(huge, "a long passphrase here");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("The username must be 3 to 32 characters long.").doesNotContain(huge);
        assertThat(customerCount()).isEqualTo(before);
    }

    @Test
    void refusesControlCharactersInTheUsername() {
        long before = customerCount();
        HttpResponse<String> answer = signUp("bad\u0000name", "a long passphrase here");
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(customerCount()).isEqualTo(before);
    }

    @Test
    void refusesASignUpWithoutTheFormsCsrfToken() {
        long before = customerCount();
        browser.csrfToken("/signup");

        HttpResponse<String> forged = browser.postForm("/signup",
                Map.of("username", newUsername(), "password", "a long passphrase here"));

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(customerCount()).isEqualTo(before);
    }

    @Test
    void refusesASignInWithAWrongPassword() {
        HttpResponse<String> answer = browser.signIn(ALICE, "not alices password");
        assertThat(Browser.location(answer)).endsWith("/login?error");
        assertThat(browser.get("/login?error").body()).contains("Wrong username or password.");
    }

    @Test
    void showsTheFormsWithLabelledFields() {
        String page = browser.get("/signup").body();
        assertThat(page).contains("<label for=\"username\">", "<label for=\"password\">", "name=\"_csrf\"");
    }
}
