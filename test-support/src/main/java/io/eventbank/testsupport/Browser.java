package io.eventbank.testsupport;

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
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A cookie-keeping HTTP client that does not follow redirects: what a browser sends to a
 * server-rendered form, step by step (the page, its CSRF token, the POST, each redirect).
 */
public final class Browser {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    public Browser(URI base) {
        this.base = base;
    }

    public HttpResponse<String> get(String pathOrUrl) {
        return send(HttpRequest.newBuilder(resolve(pathOrUrl)).GET());
    }

    public HttpResponse<String> postForm(String pathOrUrl, Map<String, String> fields) {
        return postForm(pathOrUrl, fields, Map.of());
    }

    public HttpResponse<String> postForm(String pathOrUrl, Map<String, String> fields, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(resolve(pathOrUrl))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields)));
        headers.forEach(request::header);
        return send(request);
    }

    /** The CSRF token of the form the page at {@code path} shows. */
    public String csrfToken(String path) {
        HttpResponse<String> page = get(path);
        Matcher matcher = CSRF.matcher(page.body());
        if (page.statusCode() != 200 || !matcher.find()) {
            throw new AssertionError("no form with a CSRF token at " + path + ": " + page.statusCode() + " " + page.body());
        }
        return matcher.group(1);
    }

    /** Signs in on the form; answers the redirect that follows. */
    public HttpResponse<String> signIn(String username, String password) {
        return postForm("/login", Map.of("username", username, "password", password, "_csrf", csrfToken("/login")));
    }

    public static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location")
                .orElseThrow(() -> new AssertionError("no redirect: " + response.statusCode() + " " + response.body()));
    }

    public static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private URI resolve(String pathOrUrl) {
        return pathOrUrl.startsWith("http") ? URI.create(pathOrUrl) : base.resolve(pathOrUrl);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
