package io.eventbank.auth.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventbank.auth.support.AuthServiceIntegrationTest;
import io.eventbank.auth.support.IssuedTokens;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import tools.jackson.databind.json.JsonMapper;

class ClientCredentialsTest extends AuthServiceIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private HttpResponse<String> token(String client, String secret, String scope) {
        String basic = Base64.getEncoder().encodeToString((client + ":" + secret).getBytes(StandardCharsets.UTF_8));
        return browser.postForm("/oauth2/token", Map.of("grant_type", "client_credentials", "scope", scope),
                Map.of("Authorization", "Basic " + basic));
    }

    @Test
    void issuesTheOpsClientAnOpsToken() {
        HttpResponse<String> answer = token("eventbank-ops", OPS_SECRET, "eventbank.ops");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        Jwt jwt = IssuedTokens.decode(baseUri(), JSON.readTree(answer.body()).path("access_token").asString());
        assertThat(jwt.getSubject()).isEqualTo("eventbank-ops");
        assertThat(jwt.getAudience()).containsExactly(AUDIENCE);
        assertThat(jwt.getClaimAsStringList("scope")).containsExactly("eventbank.ops");
    }

    @Test
    void issuesTheTellerATellerToken() {
        HttpResponse<String> answer = token("eventbank-teller", TELLER_SECRET, "eventbank.teller");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        Jwt jwt = IssuedTokens.decode(baseUri(), JSON.readTree(answer.body()).path("access_token").asString());
        assertThat(jwt.getClaimAsStringList("scope")).containsExactly("eventbank.teller");
    }

    @Test
    void refusesAWrongSecret() {
        HttpResponse<String> answer = token("eventbank-ops", "guess", "eventbank.ops");
        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.body()).contains("invalid_client");
    }

    @Test
    void refusesAScopeTheClientDoesNotHave() {
        HttpResponse<String> answer = token("eventbank-teller", TELLER_SECRET, "eventbank.ops");
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("invalid_scope");
    }

    @Test
    void refusesClientCredentialsToThePublicClient() {
        HttpResponse<String> answer = browser.postForm("/oauth2/token",
                Map.of("grant_type", "client_credentials", "client_id", "eventbank-cli", "scope", "openid"),
                Map.of("Accept", "application/json"));
        assertThat(answer.statusCode()).as(answer.body()).isIn(400, 401);
        assertThat(answer.body()).doesNotContain("access_token");
    }
}
