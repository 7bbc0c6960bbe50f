package io.eventbank.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

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

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
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

    /** Signs up through the form; answers the final status of the POST (302 on success). */
    static Outcome signUp(URI auth, Probe probe) {
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(auth.resolve("/signup"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher token = CSRF.matcher(page.body());
            if (page.statusCode() != 200 || !token.find()) {
                throw new IllegalStateException("no sign-up form at " + auth + "/signup: " + page.statusCode());
            }
            Map<String, String> form = new LinkedHashMap<>();
            form.put("username", probe.username());
            form.put("password", probe.password());
            if (probe.withCsrfToken()) {
                form.put("_csrf", token.group(1));
            }
            String body = form.entrySet().stream()
                    .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(auth.resolve("/signup"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            return new Outcome(probe, answer.statusCode(), answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
