package io.eventbank.auth.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventbank.auth.support.AuthServiceIntegrationTest;
import io.eventbank.auth.support.IssuedTokens;
import io.eventbank.auth.support.Pkce;
import io.eventbank.testsupport.Browser;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class AuthorizationCodeFlowTest extends AuthServiceIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private String authorizeUrl(String challenge, String state) {
        return "/oauth2/authorize?response_type=code&client_id=eventbank-cli&scope=openid&state=" + state
                + (challenge == null ? "" : "&code_challenge=" + challenge + "&code_challenge_method=S256")
                + "&redirect_uri=" + URLEncoder.encode(CLI_REDIRECT, StandardCharsets.UTF_8);
    }

    @Test
    void issuesACustomersTokenThroughAuthorizationCodeWithPkce() {
        Pkce pkce = Pkce.create();
        String state = UUID.randomUUID().toString();

        HttpResponse<String> toLogin = browser.get(authorizeUrl(pkce.challenge(), state));
        assertThat(toLogin.statusCode()).isEqualTo(302);
        assertThat(Browser.location(toLogin)).endsWith("/login");

        HttpResponse<String> signedIn = browser.signIn(ALICE, ALICE_PASSWORD);
        assertThat(Browser.location(signedIn)).contains("/oauth2/authorize");

        HttpResponse<String> toClient = browser.get(Browser.location(signedIn));
        String redirect = Browser.location(toClient);
        assertThat(redirect).startsWith(CLI_REDIRECT + "?");
        Map<String, String> query = UriComponentsBuilder.fromUriString(redirect).build().getQueryParams().toSingleValueMap();
        assertThat(query).containsEntry("state", state).containsKey("code");

        HttpResponse<String> token = browser.postForm("/oauth2/token", Map.of("grant_type", "authorization_code",
                "client_id", "eventbank-cli", "code", query.get("code"), "redirect_uri", CLI_REDIRECT,
                "code_verifier", pkce.verifier()));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(token.body());

        Jwt jwt = IssuedTokens.decode(baseUri(), answer.path("access_token").asString());
        assertThat(jwt.getSubject()).isEqualTo(ALICE);
        assertThat(jwt.getIssuer().toString()).isEqualTo(ISSUER);
        assertThat(jwt.getAudience()).containsExactly(AUDIENCE);
        assertThat(jwt.getClaimAsStringList("scope")).containsExactly("openid");
        assertThat(jwt.getHeaders()).containsEntry("alg", "RS256");
        assertThat(answer.path("expires_in").asLong()).isBetween(890L, 900L);
        assertThat(answer.has("id_token")).isTrue();
    }

    @Test
    void promptCreateOpensSignUpAndTheNewCustomerContinuesTheSameAuthorization() {
        Pkce pkce = Pkce.create();
        String state = UUID.randomUUID().toString();
        HttpResponse<String> toSignUp = browser.get(authorizeUrl(pkce.challenge(), state) + "&prompt=create");
        assertThat(toSignUp.statusCode()).isEqualTo(302);
        assertThat(Browser.location(toSignUp)).endsWith("/signup");

        String name = "new-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "a long passphrase for " + UUID.randomUUID();
        HttpResponse<String> signedUp = browser.postForm("/signup", Map.of("username", name, "password", password,
                "_csrf", browser.csrfToken("/signup")));
        assertThat(Browser.location(signedUp)).contains("/login");
        HttpResponse<String> signedIn = browser.signIn(name, password);
        assertThat(Browser.location(signedIn)).contains("/oauth2/authorize").contains("state=" + state);
        String redirect = Browser.location(browser.get(Browser.location(signedIn)));
        assertThat(redirect).startsWith(CLI_REDIRECT + "?").contains("code=", "state=" + state);
    }

    @Test
    void refusesTheCodeWithoutTheRightVerifier() {
        Pkce pkce = Pkce.create();
        browser.get(authorizeUrl(pkce.challenge(), "s"));
        HttpResponse<String> signedIn = browser.signIn(ALICE, ALICE_PASSWORD);
        String redirect = Browser.location(browser.get(Browser.location(signedIn)));
        String code = UriComponentsBuilder.fromUriString(redirect).build().getQueryParams().getFirst("code");

        HttpResponse<String> token = browser.postForm("/oauth2/token", Map.of("grant_type", "authorization_code",
                "client_id", "eventbank-cli", "code", code, "redirect_uri", CLI_REDIRECT,
                "code_verifier", Pkce.create().verifier()));

        assertThat(token.statusCode()).isEqualTo(400);
        assertThat(token.body()).contains("invalid_grant");
    }

    @Test
    void refusesAnAuthorizationRequestWithoutPkce() {
        browser.signIn(ALICE, ALICE_PASSWORD);
        HttpResponse<String> answer = browser.get(authorizeUrl(null, "s"));
        assertThat(Browser.location(answer)).startsWith(CLI_REDIRECT).contains("error=invalid_request");
    }

    @Test
    void refusesARedirectUriThatIsNotRegistered() {
        browser.signIn(ALICE, ALICE_PASSWORD);
        HttpResponse<String> answer = browser.get(authorizeUrl(Pkce.create().challenge(), "s")
                .replace(URLEncoder.encode(CLI_REDIRECT, StandardCharsets.UTF_8), "http%3A%2F%2Fevil.example%2Fcb"));
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Location")).isEmpty();
    }
}
