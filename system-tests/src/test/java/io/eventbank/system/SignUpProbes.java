package io.eventbank.system;

import io.eventbank.testsupport.Browser;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hostile sign-ups on auth-service's form, as a browser sends them: each from a fresh session with
 * the form's CSRF token (one without it). Each must be refused with a 4xx and create no customer.
 */
final class SignUpProbes {

    /** A sign-up attempt; {@code withCsrfToken} false sends the form without the token the page gave. */
    record Probe(String name, String username, String password, boolean withCsrfToken) {
    }

    record Outcome(Probe probe, int status, String body) {

        boolean serverError() {
            return status >= 500;
        }

        boolean expected() {
            return status >= 400 && status < 500;
        }

        @Override
        public String toString() {
            return status + " " + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
        }
    }

        private static final String GOOD_PASSWORD = "a long passphrase for probing";

    private SignUpProbes() {
    }

    /** @param existing a username that has signed up already */
    static List<Probe> probes(String existing) {
        return List.of(
                new Probe("sign-up: existing username in upper case", existing.toUpperCase(), GOOD_PASSWORD, true),
                new Probe("sign-up: weak password", "probe-weak", "short", true),
                new Probe("sign-up: password containing the username", "probe-self", "probe-self is me!!", true),
                new Probe("sign-up: 10 kB username", "u".repeat(10_240), GOOD_PASSWORD, true),
                new Probe("sign-up: 100 kB username", "u".repeat(102_400), GOOD_PASSWORD, true),
                new Probe("sign-up: control character in username", "probe\u0000nul", GOOD_PASSWORD, true),
                new Probe("sign-up: 100 kB password", "probe-long", "p".repeat(102_400), true),
                new Probe("sign-up: without the CSRF token", "probe-csrf", GOOD_PASSWORD, false));
    }

    /** Signs up through the form from a fresh session; answers the status of the POST (302 on success). */
    static Outcome signUp(URI auth, Probe probe) {
        Browser browser = new Browser(auth);
        String token = browser.csrfToken("/signup");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("username", probe.username());
        form.put("password", probe.password());
        if (probe.withCsrfToken()) {
            form.put("_csrf", token);
        }
        HttpResponse<String> answer = browser.postForm("/signup", form);
        return new Outcome(probe, answer.statusCode(), answer.body());
    }
}
