package io.eventbank.accounts.account.web;

import static io.eventbank.testsupport.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventbank.accounts.support.AccountsIntegrationTest;
import io.eventbank.testsupport.Http;
import io.eventbank.testsupport.Tokens;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AccountsApiTest extends AccountsIntegrationTest {

    @Test
    void aTellerOpensAnAccountWithABalanceForACustomerWhoReadsIt() {
        Http.Response created = teller.post("/accounts", "application/json",
                "{\"ownerId\":\"" + ownerId + "\",\"title\":\"Savings\",\"initialBalance\":200.00}",
                Map.of("X-Correlation-Id", "open-alice-1"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        UUID id = UUID.fromString(created.json().path("accountId").asString());
        assertThat(created.json().path("version").asInt()).isEqualTo(1);
        assertThat(created.header("Location")).isEqualTo("/accounts/" + id);
        assertThat(created.header("X-Correlation-Id")).isEqualTo("open-alice-1");

        Http.Response read = owner.get("/accounts/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("ETag")).isEqualTo("\"1\"");
        assertThat(read.json().path("accountId").asString()).isEqualTo(id.toString());
        assertThat(read.json().path("ownerId").asString()).isEqualTo(ownerId);
        assertThat(read.json().path("title").asString()).isEqualTo("Savings");
        assertThat(read.json().path("balance").asString()).isEqualTo("200.00");
        assertThat(read.json().path("status").asString()).isEqualTo("OPEN");
        assertThat(read.json().path("version").asInt()).isEqualTo(1);
        assertThat(owner.get("/accounts/" + id, Map.of("If-None-Match", "\"1\"")).status()).isEqualTo(304);
        assertThat(owner.get("/accounts/" + id, Map.of("If-None-Match", "\"0\"")).status()).isEqualTo(200);

        Http.Response history = owner.get("/accounts/" + id + "/history");
        assertThat(history.status()).isEqualTo(200);
        assertThat(history.json().path("events")).hasSize(1);
        assertThat(history.json().path("events").get(0).path("eventType").asString()).isEqualTo("AccountOpened");
        assertThat(history.json().path("events").get(0).path("correlationId").asString()).isEqualTo("open-alice-1");
        assertThat(history.json().path("events").get(0).path("payload").path("ownerId").asString()).isEqualTo(ownerId);
    }

    @Test
    void aCustomerOpensAnAccountForThemselfAtZero() {
        for (String body : List.of("{\"title\":\"Mine\"}", "{\"ownerId\":\"" + ownerId + "\",\"title\":\"Mine\"}",
                "{\"title\":\"Mine\",\"initialBalance\":\"0.00\"}", "{\"title\":\"Mine\",\"initialBalance\":0}")) {
            Http.Response created = owner.postJson("/accounts", body);
            assertThat(created.status()).as(body + " → " + created).isEqualTo(201);
            Http.Response read = owner.get(created.header("Location"));
            assertThat(read.json().path("ownerId").asString()).as(body).isEqualTo(ownerId);
            assertThat(read.json().path("balance").asString()).as(body).isEqualTo("0.00");
            assertThat(read.json().path("title").asString()).as(body).isEqualTo("Mine");
        }
    }

    @Test
    void closesAnEmptyAccountAndReadsEarlierStates() {
        UUID id = openAccount("0");
        Instant beforeClose = Instant.now();
        Http.Response closed = owner.postJson("/accounts/" + id + "/close", "{\"reason\":\"done\"}");
        assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
        assertThat(closed.json().path("status").asString()).isEqualTo("CLOSED");
        assertThat(closed.json().path("version").asInt()).isEqualTo(2);

        assertThat(owner.get("/accounts/" + id).json().path("status").asString()).isEqualTo("CLOSED");
        Http.Response atVersion1 = owner.get("/accounts/" + id + "?atVersion=1");
        assertThat(atVersion1.json().path("status").asString()).isEqualTo("OPEN");
        assertThat(atVersion1.header("ETag")).isEqualTo("\"1\"");
        Http.Response asOf = owner.get("/accounts/" + id + "?asOf=" + beforeClose);
        assertThat(asOf.json().path("status").asString()).isEqualTo("OPEN");
        assertThat(owner.get("/accounts/" + id + "/history?fromVersion=2&limit=5").json().path("events"))
                .singleElement().satisfies(e -> assertThat(e.path("eventType").asString()).isEqualTo("AccountClosed"));
    }

    @Test
    void refusesToCloseAnAccountWithMoneyAndAppendsNothing() {
        UUID id = openAccount("10.00");
        long before = eventCount();
        Http.Response response = owner.postJson("/accounts/" + id + "/close", "{}");
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.problemType()).isEqualTo("https://eventbank.io/problems/account-not-empty");
        assertThat(eventCount()).isEqualTo(before);
        assertThat(owner.get("/accounts/" + id).json().path("status").asString()).isEqualTo("OPEN");
    }

    static Stream<Arguments> badOpenRequests() {
        String big = "{\"ownerId\":\"" + "x".repeat(70_000) + "\",\"initialBalance\":1}";
        return Stream.of(
                Arguments.of("negative balance", "{\"ownerId\":\"o\",\"initialBalance\":-1}", 400, "validation-failed", "initialBalance"),
                Arguments.of("three decimals", "{\"ownerId\":\"o\",\"initialBalance\":1.001}", 400, "validation-failed", "initialBalance"),
                Arguments.of("huge balance", "{\"ownerId\":\"o\",\"initialBalance\":1e30}", 400, "validation-failed", "initialBalance"),
                Arguments.of("above maximum", "{\"ownerId\":\"o\",\"initialBalance\":\"1000000000.01\"}", 400, "validation-failed", "initialBalance"),
                Arguments.of("non-numeric balance", "{\"ownerId\":\"o\",\"initialBalance\":\"lots\"}", 400, "validation-failed", "initialBalance"),
                Arguments.of("balance as object", "{\"ownerId\":\"o\",\"initialBalance\":{}}", 400, "validation-failed", "initialBalance"),
                Arguments.of("missing owner (teller)", "{\"initialBalance\":1}", 400, "validation-failed", "ownerId"),
                Arguments.of("null owner (teller)", "{\"ownerId\":null,\"initialBalance\":1}", 400, "validation-failed", "ownerId"),
                Arguments.of("owner too long", "{\"ownerId\":\"" + "o".repeat(101) + "\",\"initialBalance\":1}", 400, "validation-failed", "ownerId"),
                Arguments.of("blank owner", "{\"ownerId\":\"  \",\"initialBalance\":1}", 400, "validation-failed", "ownerId"),
                Arguments.of("title too long", "{\"ownerId\":\"o\",\"title\":\"" + "t".repeat(201) + "\",\"initialBalance\":1}", 400, "validation-failed", "title"),
                Arguments.of("malformed JSON", "{\"ownerId\":\"o\",", 400, "malformed-request", null),
                Arguments.of("empty body", "", 400, "malformed-request", null),
                Arguments.of("oversized body", big, 413, "payload-too-large", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badOpenRequests")
    void rejectsBadOpenRequestsWithAProblemAndAppendsNothing(String name, String body, int status, String code,
                                                             String field) {
        long before = eventCount();
        assertProblem(teller.postJson("/accounts", body), status, code, field);
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void rejectsAWrongContentTypeWith415() {
        long before = eventCount();
        Http.Response response = owner.post("/accounts", "text/plain", "ownerId=o", Map.of());
        assertThat(response.status()).isEqualTo(415);
        assertThat(response.problemType()).isEqualTo("https://eventbank.io/problems/unsupported-media-type");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void rejectsAWrongMethodWith405() {
        Http.Response response = owner.send("DELETE", "/accounts/" + UUID.randomUUID());
        assertThat(response.status()).isEqualTo(405);
        assertThat(response.problemType()).isEqualTo("https://eventbank.io/problems/method-not-allowed");
    }

    @Test
    void answers404ForUnknownAccounts() {
        long before = eventCount();
        UUID unknown = UUID.randomUUID();
        for (Http.Response response : new Http.Response[] {owner.get("/accounts/" + unknown),
                owner.get("/accounts/" + unknown + "/history"), owner.postJson("/accounts/" + unknown + "/close", "{}")}) {
            assertThat(response.status()).as(response.toString()).isEqualTo(404);
            assertThat(response.problemType()).isEqualTo("https://eventbank.io/problems/not-found");
        }
        UUID existing = openAccount("1");
        assertThat(owner.get("/accounts/" + existing + "?atVersion=2").status()).isEqualTo(404);
        assertThat(owner.get("/accounts/" + existing + "?asOf=2000-01-01T00:00:00Z").status()).isEqualTo(404);
        assertThat(eventCount()).isEqualTo(before + 1);
    }

    @Test
    void rejectsBadParametersNamingThem() {
        UUID id = openAccount("1");
        Map<String, String> cases = Map.of(
                "/accounts/not-a-uuid", "accountId",
                "/accounts/" + id + "?atVersion=0", "atVersion",
                "/accounts/" + id + "?atVersion=x", "atVersion",
                "/accounts/" + id + "?asOf=yesterday", "asOf",
                "/accounts/" + id + "?atVersion=1&asOf=2020-01-01T00:00:00Z", "asOf",
                "/accounts/" + id + "/history?limit=0", "limit",
                "/accounts/" + id + "/history?limit=100000", "limit",
                "/accounts/" + id + "/history?fromVersion=0", "fromVersion");
        cases.forEach((path, field) -> {
            Http.Response response = owner.get(path);
            assertThat(response.status()).as(path + " → " + response).isEqualTo(400);
            assertThat(response.errorFields()).as(path).contains(field);
        });
    }

    @Test
    void servesOpenApiDeclaringTheBearerSchemeAndHealth() {
        Http.Response openApi = http.get("/v3/api-docs");
        assertThat(openApi.json().path("paths").has("/accounts/{accountId}")).isTrue();
        assertThat(openApi.json().path("info").path("title").asString()).isEqualTo("Eventbank accounts-service");
        assertThat(openApi.json().path("components").path("securitySchemes").path("bearer-jwt").path("scheme")
                .asString()).isEqualTo("bearer");
        assertThat(openApi.json().path("security").get(0).has("bearer-jwt")).isTrue();
        assertThat(openApi.json().path("components").path("securitySchemes").path("eventbank-oauth").path("flows")
                .path("authorizationCode").path("authorizationUrl").asString()).isEqualTo(Tokens.ISSUER + "/oauth2/authorize");
        assertThat(openApi.json().path("security").get(1).has("eventbank-oauth")).isTrue();
        assertThat(openApi.body()).as("the caller comes from the token, not a parameter")
                .doesNotContain("\"name\":\"caller\"");
        assertThat(http.get("/swagger-ui/index.html").status()).isEqualTo(200);
        assertThat(http.get("/actuator/health/readiness").status()).isEqualTo(200);
        Http.Response readiness = ops.get("/actuator/health/readiness");
        assertThat(readiness.status()).as(readiness.toString()).isEqualTo(200);
        assertThat(readiness.json().path("components").has("db")).isTrue();
        assertThat(readiness.json().path("components").has("kafka")).isTrue();
        assertThat(readiness.json().path("components").path("eventSubscriptions").path("status").asString())
                .isEqualTo("UP");
        assertThat(ops.get("/actuator/prometheus").body()).contains("jvm_memory_used_bytes");
    }
}
