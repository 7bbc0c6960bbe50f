package io.eventbank.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventbank.web.support.StubApis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The whole app on a port: {@code /api/**} routed to the APIs with the bearer token, the session cookie's flags, htmx. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + WebAppApplication.CONFIG_NAME, "eventbank.webapp.auth.client-secret=s"})
class WebAppServerTest {

    private static final StubApis ACCOUNTS = new StubApis();
    private static final StubApis TRANSFERS = new StubApis();
    private static final StubApis VIEWS = new StubApis();
    private static final String ID = "11111111-1111-1111-1111-111111111111";

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void apis(DynamicPropertyRegistry registry) {
        registry.add("eventbank.webapp.apis.accounts", () -> ACCOUNTS.uri().toString());
        registry.add("eventbank.webapp.apis.transfers", () -> TRANSFERS.uri().toString());
        registry.add("eventbank.webapp.apis.views", () -> VIEWS.uri().toString());
    }

    @AfterAll
    static void stop() {
        ACCOUNTS.close();
        TRANSFERS.close();
        VIEWS.close();
    }

    @BeforeEach
    void reset() {
        ACCOUNTS.reset();
        TRANSFERS.reset();
        VIEWS.reset();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder at(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
    }

    @Test
    void routesTheApisWithTheBearerTokenAndWithoutBrowserCookies() throws Exception {
        ACCOUNTS.json("GET", "/accounts/" + ID, 200, "{\"accountId\":\"" + ID + "\",\"version\":3}");
        HttpResponse<String> account = send(at("/api/accounts/" + ID).header("Authorization", "Bearer t-1")
                .header("Cookie", "EVENTBANK_SESSION=secret-session"));
        assertThat(account.statusCode()).isEqualTo(200);
        assertThat(account.body()).contains("\"version\":3");
        assertThat(ACCOUNTS.requests()).singleElement().satisfies(r -> {
            assertThat(r.pathAndQuery()).isEqualTo("/accounts/" + ID);
            assertThat(r.header("Authorization")).isEqualTo("Bearer t-1");
            assertThat(r.header("Cookie")).isNull();
        });

        TRANSFERS.json("POST", "/transfers", 201, "{\"transferId\":\"" + ID + "\",\"version\":1}");
        HttpResponse<String> created = send(at("/api/transfers").header("Authorization", "Bearer t-2")
                .header("Content-Type", "application/json").header("Idempotency-Key", "k-9")
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":\"1.00\"}")));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(TRANSFERS.requests()).singleElement().satisfies(r -> {
            assertThat(r.header("Idempotency-Key")).isEqualTo("k-9");
            assertThat(r.body()).isEqualTo("{\"amount\":\"1.00\"}");
        });

        VIEWS.json("GET", "/me/accounts", 200, "[]");
        VIEWS.json("GET", "/transfers/" + ID + "?minVersion=3&waitMs=10", 200, "{\"status\":\"COMPLETED\"}");
        assertThat(send(at("/api/views/me/accounts").header("Authorization", "Bearer t-3")).body()).isEqualTo("[]");
        assertThat(send(at("/api/views/transfers/" + ID + "?minVersion=3&waitMs=10")).body()).contains("COMPLETED");
    }

    @Test
    void aProblemFromAnApiPassesThroughUnchanged() throws Exception {
        HttpResponse<String> missing = send(at("/api/accounts/" + ID + "/history"));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(missing.body()).contains("/problems/not-found");
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSite() throws Exception {
        HttpResponse<String> signIn = send(at("/oauth2/authorization/eventbank"));
        assertThat(signIn.statusCode()).isEqualTo(302);
        assertThat(signIn.headers().firstValue("Location")).hasValueSatisfying(
                l -> assertThat(l).startsWith("http://localhost:9000/oauth2/authorize?").contains("code_challenge="));
        assertThat(signIn.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie)
                .startsWith("EVENTBANK_SESSION=").contains("HttpOnly").containsIgnoringCase("SameSite=Lax"));
    }

    @Test
    void theGatewayBaseAnswersReadinessForClientsThatCheckIt() throws Exception {
        HttpResponse<String> ready = send(at("/api/actuator/health/readiness"));
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"status\":\"UP\"");
        assertThat(ACCOUNTS.requests()).isEmpty();
    }

    @Test
    void aFormPostWithoutItsCsrfTokenGetsAPageInPlainWords() throws Exception {
        HttpResponse<String> refused = send(at("/accounts").header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "text/html").POST(HttpRequest.BodyPublishers.ofString("title=Holiday")));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("The form had expired");
        assertThat(ACCOUNTS.requests()).isEmpty();
    }

    @Test
    void servesHtmxFromItsWebjar() throws Exception {
        HttpResponse<String> htmx = send(at("/webjars/htmx.org/dist/htmx.min.js"));
        assertThat(htmx.statusCode()).isEqualTo(200);
        assertThat(htmx.body()).contains("htmx");
    }

    @Test
    void refusesToStartWithoutTheClientSecret() {
        assertThatThrownBy(() -> {
            try (ConfigurableApplicationContext ignored = WebAppApplication.application().run("--server.port=0")) {
                throw new AssertionError("started without a client secret");
            }
        }).rootCause().hasMessageContaining("eventbank.webapp.auth").hasMessageContaining("clientSecret");
    }
}
