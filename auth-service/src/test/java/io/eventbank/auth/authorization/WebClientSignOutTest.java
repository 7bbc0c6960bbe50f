package io.eventbank.auth.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventbank.auth.support.AuthServiceIntegrationTest;
import io.eventbank.auth.support.Pkce;
import io.eventbank.testsupport.Browser;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The web client's sign-in (confidential, PKCE, OpenID), a refresh, and its RP-initiated sign-out, which ends the session here. */
class WebClientSignOutTest extends AuthServiceIntegrationTest {

    private static final String WEB_REDIRECT = "http://localhost:8080/login/oauth2/code/eventbank";
    private static final String SIGNED_OUT = "http://localhost:8080/?signedOut";

    @Test
    void theWebAppRefreshesItsTokenAndSignsOutEndingTheSession() {
        Pkce pkce = Pkce.create();
        String authorize = "/oauth2/authorize?response_type=code&client_id=eventbank-web&scope=openid%20profile&state=s"
                + "&nonce=n-" + UUID.randomUUID() + "&code_challenge=" + pkce.challenge() + "&code_challenge_method=S256"
                + "&redirect_uri=" + URLEncoder.encode(WEB_REDIRECT, StandardCharsets.UTF_8);
        browser.get(authorize);
        HttpResponse<String> signedIn = browser.signIn(ALICE, ALICE_PASSWORD);
        String redirect = Browser.location(browser.get(Browser.location(signedIn)));
        String code = UriComponentsBuilder.fromUriString(redirect).build().getQueryParams().getFirst("code");
        String basic = "Basic " + Base64.getEncoder().encodeToString(("eventbank-web:" + WEB_SECRET)
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> token = browser.postForm("/oauth2/token", Map.of("grant_type", "authorization_code",
                "code", code, "redirect_uri", WEB_REDIRECT, "code_verifier", pkce.verifier()),
                Map.of("Authorization", basic));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        JsonNode tokens = JsonMapper.builder().build().readTree(token.body());
        HttpResponse<String> refreshed = browser.postForm("/oauth2/token", Map.of("grant_type", "refresh_token",
                "refresh_token", tokens.path("refresh_token").asString()), Map.of("Authorization", basic));
        assertThat(refreshed.statusCode()).as("web-app refreshes an expired access token: %s", refreshed.body())
                .isEqualTo(200);
        String idToken = JsonMapper.builder().build().readTree(refreshed.body()).path("id_token").asString();
        assertThat(idToken).as("a refresh renews the ID token too").isNotBlank()
                .isNotEqualTo(tokens.path("id_token").asString());

        HttpResponse<String> signOut = browser.get("/connect/logout?id_token_hint=" + idToken
                + "&post_logout_redirect_uri=" + URLEncoder.encode(SIGNED_OUT, StandardCharsets.UTF_8));
        assertThat(signOut.statusCode()).as(signOut.body()).isEqualTo(302);
        assertThat(Browser.location(signOut)).isEqualTo(SIGNED_OUT);
        assertThat(Browser.location(browser.get(authorize))).as("signed out: a new sign-in is asked for").endsWith("/login");
    }
}
