package io.eventbank.auth.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import io.eventbank.auth.support.AuthServiceIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ServiceEndpointsTest extends AuthServiceIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void publishesOpenIdDiscoveryForTheConfiguredIssuer() {
        JsonNode discovery = JSON.readTree(browser.get("/.well-known/openid-configuration").body());
        assertThat(discovery.path("issuer").asString()).isEqualTo(ISSUER);
        assertThat(discovery.path("jwks_uri").asString()).isEqualTo(ISSUER + "/oauth2/jwks");
        assertThat(discovery.path("code_challenge_methods_supported").toString()).contains("S256");
    }

    @Test
    void publishesThePublicHalfOfTheKeptSigningKey() throws Exception {
        RSAKey kept = RSAKey.parse(Files.readString(SIGNING_KEY_FILE));
        JsonNode keys = JSON.readTree(browser.get("/oauth2/jwks").body()).path("keys");
        assertThat(keys).hasSize(1);
        assertThat(keys.get(0).path("kid").asString()).isEqualTo(kept.getKeyID());
        assertThat(keys.get(0).has("d")).isFalse();
    }

    @Test
    void healthIsAnonymousWithoutDetails() {
        for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
            HttpResponse<String> answer = browser.get(path);
            assertThat(answer.statusCode()).as(path).isEqualTo(200);
            assertThat(JSON.readTree(answer.body()).has("components")).as(path).isFalse();
        }
        assertThat(browser.get("/actuator/env").statusCode()).isIn(302, 401, 404);
    }

    @Test
    void tokenEndpointAllowsOnlyTheListedBrowserOrigins() throws Exception {
        assertThat(preflight(ALLOWED_ORIGIN).headers().firstValue("Access-Control-Allow-Origin")).hasValue(ALLOWED_ORIGIN);
        assertThat(preflight("http://evil.example").statusCode()).isEqualTo(403);
    }

    @Test
    void pagesForbidFramingAndKeepTheSessionCookieFromScripts() {
        HttpResponse<String> login = browser.get("/login");
        assertThat(login.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("frame-ancestors 'none'"));
        assertThat(login.headers().allValues("Set-Cookie")).isNotEmpty().allSatisfy(
                cookie -> assertThat(cookie).contains("HttpOnly", "SameSite=Lax"));
    }

    private HttpResponse<String> preflight(String origin) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUri() + "/oauth2/token"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
