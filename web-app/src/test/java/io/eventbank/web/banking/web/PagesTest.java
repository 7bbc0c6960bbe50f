package io.eventbank.web.banking.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.oauth2Client;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.oidcLogin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.eventbank.web.WebAppApplication;
import io.eventbank.web.WebProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import io.eventbank.web.banking.infrastructure.ApiClientConfiguration;
import io.eventbank.web.signin.infrastructure.SignInConfiguration;
import io.eventbank.web.support.StubApis;
import java.time.Instant;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Each page signed in and anonymous, over MockMvc; the APIs answer from {@link StubApis} on a real port, so the
 * requests the pages make (token, Idempotency-Key, bodies) are checked as sent.
 */
@WebMvcTest(properties = {"spring.config.name=" + WebAppApplication.CONFIG_NAME,
        "eventbank.webapp.auth.client-secret=test-secret", "eventbank.webapp.view-wait=100ms",
        "eventbank.webapp.progress-wait=100ms"})
@Import({SignInConfiguration.class, ApiClientConfiguration.class})
@ImportAutoConfiguration(RestClientAutoConfiguration.class)
@EnableConfigurationProperties(WebProperties.class)
class PagesTest {

    private static final StubApis API = new StubApis();
    private static final String ALICE_TOKEN = "alice-access-token";
    private static final String ACCOUNT = "11111111-1111-1111-1111-111111111111";
    private static final String OTHER = "22222222-2222-2222-2222-222222222222";
    private static final String TRANSFER = "33333333-3333-3333-3333-333333333333";

    @Autowired
    MockMvc mvc;

    @DynamicPropertySource
    static void apis(DynamicPropertyRegistry registry) {
        for (String api : new String[] {"accounts", "transfers", "views"}) {
            registry.add("eventbank.webapp.apis." + api, () -> API.uri().toString());
        }
    }

    @AfterAll
    static void stop() {
        API.close();
    }

    @BeforeEach
    void reset() {
        API.reset();
    }

    /** alice signed in through OpenID Connect, her access token for the APIs kept for this app's registration. */
    private static RequestPostProcessor alice() {
        RequestPostProcessor signedIn = oidcLogin().idToken(token -> token.subject("alice").claim("preferred_username", "alice"));
        RequestPostProcessor token = oauth2Client(SignInConfiguration.REGISTRATION_ID).principalName("alice")
                .accessToken(new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, ALICE_TOKEN, Instant.now(),
                        Instant.now().plusSeconds(600)));
        return request -> token.postProcessRequest(signedIn.postProcessRequest(request));
    }

    private static String accountJson(String id, String balance, String status, int version) {
        return """
                {"accountId":"%s","ownerId":"alice","title":"Everyday","balance":"%s","status":"%s","version":%d,
                 "recentTransfers":[{"transferId":"%s","direction":"OUTGOING","counterpartyAccountId":"%s","amount":"25.00",
                   "description":"rent","status":"COMPLETED","version":3,"createdAt":"2026-12-01T10:00:00Z"}],
                 "recentChanges":[{"version":2,"transferId":"%s","kind":"DEBIT","amount":"25.00","balanceAfter":"%s",
                   "occurredAt":"2026-12-01T10:00:01Z"}]}""".formatted(id, balance, status, version, TRANSFER, OTHER,
                TRANSFER, balance);
    }

    @Test
    void anonymousLandingOffersSignInAndSignUp() throws Exception {
        mvc.perform(get("/")).andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("/oauth2/authorization/eventbank")))
                .andExpect(content().string(Matchers.containsString("Create an account")))
                .andExpect(header().string("Content-Security-Policy", Matchers.containsString("default-src 'self'")));
        assertThat(API.requests()).isEmpty();
    }

    @Test
    void anonymousPagesRedirectToSignIn() throws Exception {
        for (String page : new String[] {"/accounts", "/accounts/" + ACCOUNT, "/transfers/new", "/transfers/" + TRANSFER}) {
            mvc.perform(get(page)).andExpect(status().is3xxRedirection())
                    .andExpect(redirectedUrl("/oauth2/authorization/eventbank"));
        }
        assertThat(API.requests()).isEmpty();
    }

    @Test
    void signInSendsTheBrowserToAuthServiceWithPkce() throws Exception {
        String location = mvc.perform(get("/oauth2/authorization/eventbank")).andExpect(status().is3xxRedirection())
                .andReturn().getResponse().getRedirectedUrl();
        assertThat(location).startsWith("http://localhost:9000/oauth2/authorize?")
                .contains("client_id=eventbank-web", "code_challenge=", "code_challenge_method=S256", "scope=openid%20profile")
                .doesNotContain("prompt=");
        String signUp = mvc.perform(get("/signup")).andReturn().getResponse().getRedirectedUrl();
        assertThat(signUp).isEqualTo("/oauth2/authorization/eventbank?prompt=create");
        assertThat(mvc.perform(get(signUp)).andReturn().getResponse().getRedirectedUrl())
                .contains("prompt=create", "code_challenge=");
    }

    @Test
    void myAccountsShowsBalancesWithTheirTotalUsingTheCustomersToken() throws Exception {
        API.json("GET", "/me/accounts", 200, """
                [{"accountId":"%s","ownerId":"alice","title":"Everyday","balance":"975.00","status":"OPEN","version":3},
                 {"accountId":"%s","ownerId":"alice","title":"Savings","balance":"1025.50","status":"OPEN","version":2}]"""
                .formatted(ACCOUNT, OTHER));
        mvc.perform(get("/accounts").with(alice())).andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("Savings")))
                .andExpect(content().string(Matchers.containsString("2,000.50")))
                .andExpect(content().string(Matchers.containsString("name=\"_csrf\"")));
        assertThat(API.requests("GET", "/me/accounts")).singleElement()
                .satisfies(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + ALICE_TOKEN));
    }

    @Test
    void openingAnAccountNeedsTheCsrfToken() throws Exception {
        mvc.perform(post("/accounts").with(alice()).param("title", "Holiday")).andExpect(status().isForbidden());
        mvc.perform(post("/accounts").with(alice()).with(csrf().useInvalidToken()).param("title", "Holiday"))
                .andExpect(status().isForbidden());
        assertThat(API.requests()).isEmpty();
    }

    @Test
    void opensAnAccountAndShowsItOnceTheViewHasIt() throws Exception {
        API.json("POST", "/accounts", 201, "{\"accountId\":\"" + ACCOUNT + "\",\"version\":1}");
        mvc.perform(post("/accounts").with(alice()).with(csrf()).param("title", "Holiday"))
                .andExpect(redirectedUrl("/accounts/" + ACCOUNT + "?version=1"));
        assertThat(API.requests("POST", "/accounts")).singleElement()
                .satisfies(r -> assertThat(r.body()).isEqualTo("{\"title\":\"Holiday\"}"));

        API.json("GET", "/accounts/" + ACCOUNT + "?minVersion=1&waitMs=100", 200, accountJson(ACCOUNT, "0.00", "OPEN", 1));
        mvc.perform(get("/accounts/" + ACCOUNT).param("version", "1").with(alice())).andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("Close this account")))
                .andExpect(content().string(Matchers.containsString("rent")));
    }

    @Test
    void refusesAnUnnamedAccountWithoutAskingTheApi() throws Exception {
        API.json("GET", "/me/accounts", 200, "[]");
        mvc.perform(post("/accounts").with(alice()).with(csrf()).param("title", "  ")).andExpect(status().isBadRequest())
                .andExpect(content().string(Matchers.containsString("Give the account a name")));
        assertThat(API.requests("POST", "/accounts")).isEmpty();
    }

    @Test
    void anotherCustomersAccountIsNotFound() throws Exception {
        API.problem("GET", "/accounts/" + OTHER + "?minVersion=0&waitMs=100", 404, "not-found", "account not found", null);
        mvc.perform(get("/accounts/" + OTHER).with(alice())).andExpect(status().isNotFound())
                .andExpect(content().string(Matchers.containsString("There is no such account or transfer.")));
    }

    @Test
    void aViewBehindTheCommandIsSaidInPlainWords() throws Exception {
        API.problem("GET", "/accounts/" + ACCOUNT + "?minVersion=7&waitMs=100", 409, "view-not-up-to-date",
                "account view is at version 6", null);
        mvc.perform(get("/accounts/" + ACCOUNT).param("version", "7").with(alice())).andExpect(status().isConflict())
                .andExpect(content().string(Matchers.containsString("still on its way")));
    }

    @Test
    void historyAndAuditLogArePaged() throws Exception {
        API.json("GET", "/accounts/" + ACCOUNT + "?minVersion=0&waitMs=100", 200, accountJson(ACCOUNT, "975.00", "OPEN", 2));
        API.json("GET", "/accounts/" + ACCOUNT + "/changes?page=1&size=20", 200, """
                {"accountId":"%s","page":1,"size":20,"totalElements":45,"totalPages":3,"items":[{"version":22,
                 "transferId":"%s","kind":"CREDIT","amount":"5.00","balanceAfter":"980.00","occurredAt":"2026-12-01T10:00:00Z"}]}"""
                .formatted(ACCOUNT, TRANSFER));
        mvc.perform(get("/accounts/" + ACCOUNT + "/history").param("page", "1").with(alice())).andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("Page 2 of 3 (45 changes)")))
                .andExpect(content().string(Matchers.containsString("page=0")))
                .andExpect(content().string(Matchers.containsString("page=2")));

        API.json("GET", "/accounts/" + ACCOUNT + "/history?fromVersion=1&limit=50", 200, """
                {"accountId":"%s","fromVersion":1,"limit":50,"events":[{"eventId":"%s","version":1,"eventType":"AccountOpened",
                 "occurredAt":"2026-12-01T09:00:00Z","correlationId":"c-1","payload":{"ownerId":"alice","title":"Everyday",
                 "initialBalance":"1000.00"}}]}""".formatted(ACCOUNT, TRANSFER));
        mvc.perform(get("/accounts/" + ACCOUNT + "/audit").with(alice())).andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("AccountOpened")))
                .andExpect(content().string(Matchers.containsString("&quot;initialBalance&quot;:&quot;1000.00&quot;")));
    }

    @Test
    void closingANonEmptyAccountExplainsWhy() throws Exception {
        API.json("GET", "/accounts/" + ACCOUNT + "?minVersion=0&waitMs=100", 200, accountJson(ACCOUNT, "975.00", "OPEN", 2));
        API.problem("POST", "/accounts/" + ACCOUNT + "/close", 422, "account-not-empty",
                "An account closes only at a zero balance; the balance is 975.00", null);
        mvc.perform(post("/accounts/" + ACCOUNT + "/close").with(alice())).andExpect(status().isForbidden());
        mvc.perform(post("/accounts/" + ACCOUNT + "/close").with(alice()).with(csrf()))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().string(Matchers.containsString("only be closed when its balance is zero")));
    }

    @Test
    void closesAnEmptyAccountAfterConfirmation() throws Exception {
        API.json("GET", "/accounts/" + ACCOUNT + "?minVersion=0&waitMs=100", 200, accountJson(ACCOUNT, "0.00", "OPEN", 2));
        mvc.perform(get("/accounts/" + ACCOUNT + "/close").with(alice())).andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("Yes, close the account")));
        API.json("POST", "/accounts/" + ACCOUNT + "/close", 200,
                "{\"accountId\":\"" + ACCOUNT + "\",\"ownerId\":\"alice\",\"title\":\"Everyday\",\"balance\":\"0.00\","
                        + "\"status\":\"CLOSED\",\"version\":3}");
        mvc.perform(post("/accounts/" + ACCOUNT + "/close").with(alice()).with(csrf()))
                .andExpect(redirectedUrl("/accounts/" + ACCOUNT + "?version=3"));
    }

    @Test
    void aTransferIsSentWithTheFormsIdempotencyKey() throws Exception {
        API.json("GET", "/me/accounts", 200, "[{\"accountId\":\"" + ACCOUNT
                + "\",\"title\":\"Everyday\",\"balance\":\"1000.00\",\"status\":\"OPEN\",\"version\":1}]");
        String form = mvc.perform(get("/transfers/new").param("from", ACCOUNT).with(alice())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        String key = form.replaceAll("(?s).*name=\"idempotencyKey\" value=\"([^\"]+)\".*", "$1");
        assertThat(key).matches("[0-9a-f-]{36}");

        API.json("POST", "/transfers", 201, "{\"transferId\":\"" + TRANSFER + "\",\"version\":1}");
        for (int submission = 0; submission < 2; submission++) {
            mvc.perform(post("/transfers").with(alice()).with(csrf()).param("fromAccountId", ACCOUNT)
                            .param("toAccountId", OTHER).param("amount", "25.00").param("description", "rent")
                            .param("idempotencyKey", key))
                    .andExpect(redirectedUrl("/transfers/" + TRANSFER + "?version=1"));
        }
        assertThat(API.requests("POST", "/transfers")).hasSize(2).allSatisfy(r -> {
            assertThat(r.header("Idempotency-Key")).isEqualTo(key);
            assertThat(r.header("Authorization")).isEqualTo("Bearer " + ALICE_TOKEN);
            assertThat(r.body()).contains("\"amount\":\"25.00\"", "\"toAccountId\":\"" + OTHER + "\"");
        });
    }

    @Test
    void aRefusedTransferKeepsWhatWasTypedAndNamesTheField() throws Exception {
        API.json("GET", "/me/accounts", 200, "[{\"accountId\":\"" + ACCOUNT
                + "\",\"title\":\"Everyday\",\"balance\":\"1000.00\",\"status\":\"OPEN\",\"version\":1}]");
        API.problem("POST", "/transfers", 422, "unknown-account", "no account " + OTHER,
                "[{\"field\":\"toAccountId\",\"message\":\"no such account\"}]");
        mvc.perform(post("/transfers").with(alice()).with(csrf()).param("fromAccountId", ACCOUNT)
                        .param("toAccountId", OTHER).param("amount", "12.34").param("description", "gift")
                        .param("idempotencyKey", "k-1"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().string(Matchers.containsString("There is no account with that number")))
                .andExpect(content().string(Matchers.containsString("value=\"12.34\"")))
                .andExpect(content().string(Matchers.containsString("value=\"gift\"")))
                .andExpect(content().string(Matchers.not(Matchers.containsString("value=\"k-1\""))));

        API.problem("POST", "/transfers", 400, "validation-failed", "Invalid request",
                "[{\"field\":\"amount\",\"message\":\"must have at most 2 decimals\"}]");
        mvc.perform(post("/transfers").with(alice()).with(csrf()).param("fromAccountId", ACCOUNT)
                        .param("toAccountId", OTHER).param("amount", "1.234").param("idempotencyKey", "k-2"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(Matchers.containsString("must have at most 2 decimals")))
                .andExpect(content().string(Matchers.containsString("value=\"1.234\"")));
    }

    @Test
    void aTransferFormMissingAnAmountIsRefusedHereKeepingItsKey() throws Exception {
        API.json("GET", "/me/accounts", 200, "[{\"accountId\":\"" + ACCOUNT
                + "\",\"title\":\"Everyday\",\"balance\":\"1000.00\",\"status\":\"OPEN\",\"version\":1}]");
        mvc.perform(post("/transfers").with(alice()).with(csrf()).param("fromAccountId", ACCOUNT)
                        .param("toAccountId", OTHER).param("amount", " ").param("idempotencyKey", "k-3"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(Matchers.containsString("Enter an amount")))
                .andExpect(content().string(Matchers.containsString("name=\"idempotencyKey\" value=\"k-3\"")));
        assertThat(API.requests("POST", "/transfers")).isEmpty();
    }

    @Test
    void aTransferFormWithoutCsrfTokenIsRefused() throws Exception {
        mvc.perform(post("/transfers").with(alice()).param("fromAccountId", ACCOUNT).param("toAccountId", OTHER)
                .param("amount", "1.00").param("idempotencyKey", "k")).andExpect(status().isForbidden());
        assertThat(API.requests()).isEmpty();
    }

    @Test
    void progressWaitsForTheNextVersionAndEndsWithBalancesThatIncludeTheTransfer() throws Exception {
        String debited = transferJson("DEBITED", null, 2);
        API.json("GET", "/transfers/" + TRANSFER + "?minVersion=1&waitMs=100", 200, debited);
        mvc.perform(get("/transfers/" + TRANSFER).param("version", "1").with(alice())).andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("hx-get=\"/transfers/" + TRANSFER + "/progress?after=2\"")))
                .andExpect(content().string(Matchers.containsString("DEBITED")));

        API.json("GET", "/transfers/" + TRANSFER + "?minVersion=3&waitMs=100", 200, transferJson("COMPLETED", null, 3));
        API.json("GET", "/accounts/" + ACCOUNT, 200, "{\"accountId\":\"" + ACCOUNT + "\",\"version\":4}");
        API.json("GET", "/accounts/" + ACCOUNT + "?minVersion=4&waitMs=100", 200, accountJson(ACCOUNT, "975.00", "OPEN", 4));
        String fragment = mvc.perform(get("/transfers/" + TRANSFER + "/progress").param("after", "2").with(alice()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(fragment).startsWith("<section id=\"progress\"").contains("COMPLETED", "975.00")
                .doesNotContain("hx-get", "<html");
        // the destination is another customer's: its store answers 404 and it is not shown
        assertThat(API.requests("GET", "/accounts/" + OTHER)).hasSize(1);
    }

    @Test
    void aFailedTransferShowsItsReason() throws Exception {
        API.json("GET", "/transfers/" + TRANSFER + "?minVersion=1&waitMs=100", 200,
                transferJson("FAILED", "The source account has insufficient funds", 2));
        API.json("GET", "/accounts/" + ACCOUNT, 200, "{\"accountId\":\"" + ACCOUNT + "\",\"version\":2}");
        API.json("GET", "/accounts/" + ACCOUNT + "?minVersion=2&waitMs=100", 200, accountJson(ACCOUNT, "10.00", "OPEN", 2));
        mvc.perform(get("/transfers/" + TRANSFER).with(alice())).andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("The source account has insufficient funds")))
                .andExpect(content().string(Matchers.containsString("FAILED")))
                .andExpect(content().string(Matchers.not(Matchers.containsString("hx-get"))));
    }

    @Test
    void anotherCustomersTransferIsNotFound() throws Exception {
        API.problem("GET", "/transfers/" + TRANSFER + "?minVersion=1&waitMs=100", 409, "view-not-up-to-date", "at 0", null);
        mvc.perform(get("/transfers/" + TRANSFER).with(alice())).andExpect(status().isNotFound());
    }

    @Test
    void anApiThatDoesNotAnswerIsSaidInPlainWords() throws Exception {
        API.hangUp();
        mvc.perform(get("/accounts").with(alice())).andExpect(status().isBadGateway())
                .andExpect(content().string(Matchers.containsString("could not answer just now")));
    }

    private static String transferJson(String status, String failure, int version) {
        return """
                {"transferId":"%s","fromAccountId":"%s","toAccountId":"%s","amount":"25.00","description":"rent",
                 "status":"%s","failureReason":%s,"failureMessage":%s,"version":%d}""".formatted(TRANSFER, ACCOUNT, OTHER,
                status, failure == null ? "null" : "\"INSUFFICIENT_FUNDS\"", failure == null ? "null" : "\"" + failure + "\"",
                version);
    }
}
