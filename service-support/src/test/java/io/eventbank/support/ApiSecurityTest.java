package io.eventbank.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventbank.support.autoconfigure.OpenApiSecurityAutoConfiguration;
import io.eventbank.testsupport.Http;
import io.eventbank.testsupport.Tokens;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(classes = ProblemDetailsTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
                        + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
                "management.endpoints.web.exposure.include=health,metrics",
                "management.endpoint.health.probes.enabled=true",
                "eventbank.security.cors-allowed-origins=http://localhost:8080"})
class ApiSecurityTest {

    @Value("${local.server.port}")
    int port;

    private Http http;

    @DynamicPropertySource
    static void trustTestTokens(DynamicPropertyRegistry registry) {
        Tokens.resourceServerProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    @BeforeEach
    void connect() {
        http = Http.localhost(port);
    }

    @Test
    void requestWithoutTokenIs401ProblemWithBearerChallenge() {
        Http.Response answer = http.get("/whoami");
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.problemType()).isEqualTo("https://eventbank.io/problems/unauthorized");
        assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void forgedTokensAre401() {
        Map<String, String> forged = Map.of(
                "unsigned", Tokens.unsigned("alice"),
                "another key", Tokens.signedByAnotherKey("alice"),
                "expired", Tokens.expired("alice"),
                "other issuer", Tokens.otherIssuer("alice"),
                "other audience", Tokens.otherAudience("alice"),
                "no audience", Tokens.token("alice", List.of(Tokens.CUSTOMER_SCOPE), c -> c.audience(List.of())),
                "garbage", "not-a-jwt");
        forged.forEach((what, token) -> {
            Http.Response answer = http.bearer(token).get("/whoami");
            assertThat(answer.status()).as(what + ": " + answer).isEqualTo(401);
            assertThat(answer.problemType()).as(what).isEqualTo("https://eventbank.io/problems/unauthorized");
        });
    }

    @Test
    void callerIsTheTokensSubjectWithItsScopes() {
        Http.Response answer = http.bearer(Tokens.customer("alice")).get("/whoami");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.json().path("id").asString()).isEqualTo("alice");
        assertThat(answer.json().path("teller").asBoolean()).isFalse();
        assertThat(http.bearer(Tokens.teller()).get("/whoami").json().path("teller").asBoolean()).isTrue();
    }

    @Test
    void adminAndActuatorNeedTheOpsScope() {
        Http customer = http.bearer(Tokens.customer("alice"));
        assertThat(customer.post("/admin/ping").status()).isEqualTo(403);
        assertThat(customer.post("/admin/ping").problemType()).isEqualTo("https://eventbank.io/problems/forbidden");
        assertThat(customer.get("/actuator/metrics").status()).isEqualTo(403);
        assertThat(http.bearer(Tokens.teller()).post("/admin/ping").status()).isEqualTo(403);
        assertThat(http.post("/admin/ping").status()).isEqualTo(401);

        Http ops = http.bearer(Tokens.ops());
        assertThat(ops.post("/admin/ping").status()).isEqualTo(200);
        assertThat(ops.get("/actuator/metrics").status()).isEqualTo(200);
    }

    @Test
    void healthIsAnonymousWithoutDetailsWhichOnlyOpsSee() {
        for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
            Http.Response anonymous = http.get(path);
            assertThat(anonymous.status()).as(path).isEqualTo(200);
            assertThat(anonymous.json().has("components")).as(path).isFalse();
            assertThat(anonymous.json().has("details")).as(path).isFalse();
        }
        assertThat(http.bearer(Tokens.customer("alice")).get("/actuator/health").json().has("components")).isFalse();
        assertThat(http.bearer(Tokens.ops()).get("/actuator/health").json().has("components")).isTrue();
    }

    @Test
    void openApiDocumentIsAnonymousAndDeclaresTheIssuersAuthorizationCodeFlow() {
        Http.Response answer = http.get("/v3/api-docs");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        var flow = answer.json().path("components").path("securitySchemes")
                .path(OpenApiSecurityAutoConfiguration.OAUTH).path("flows").path("authorizationCode");
        assertThat(flow.path("authorizationUrl").asString()).isEqualTo(Tokens.ISSUER + "/oauth2/authorize");
        assertThat(flow.path("tokenUrl").asString()).isEqualTo(Tokens.ISSUER + "/oauth2/token");
        assertThat(answer.json().path("components").path("securitySchemes").path(OpenApiSecurityAutoConfiguration.BEARER)
                .path("scheme").asString()).isEqualTo("bearer");
        assertThat(answer.json().path("security").toString())
                .contains(OpenApiSecurityAutoConfiguration.BEARER, OpenApiSecurityAutoConfiguration.OAUTH);
    }

    @Test
    void corsAllowsOnlyTheListedOrigins() {
        UnaryOperator<String> preflight = origin -> {
            Http.Response answer = http.send("OPTIONS", "/whoami", null, null, Map.of("Origin", origin,
                    "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "authorization"));
            return answer.status() + " " + answer.header("Access-Control-Allow-Origin");
        };
        assertThat(preflight.apply("http://localhost:8080")).isEqualTo("200 http://localhost:8080");
        assertThat(preflight.apply("http://evil.example")).startsWith("403");
    }
}
