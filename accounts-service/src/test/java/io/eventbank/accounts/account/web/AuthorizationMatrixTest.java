package io.eventbank.accounts.account.web;

import static io.eventbank.testsupport.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventbank.accounts.support.AccountsIntegrationTest;
import io.eventbank.testsupport.Http;
import io.eventbank.testsupport.Tokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who may call each endpoint of accounts-service (DESIGN §11): no token or a forged one → 401; an
 * account answers its owner only, anyone else (another customer, the teller, ops) gets exactly the
 * 404 of an unknown id and changes nothing; a missing scope → 403; the owner → success.
 */
class AuthorizationMatrixTest extends AccountsIntegrationTest {

    /** One endpoint; {@code {id}} in the path is the account's id. */
    record Endpoint(String name, String method, String path, String body) {

        Http.Response send(Http client, UUID accountId) {
            return send(client, accountId, Map.of());
        }

        Http.Response send(Http client, UUID accountId, Map<String, String> headers) {
            return client.send(method, path.replace("{id}", accountId.toString()),
                    body == null ? null : "application/json", body, headers);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static final Endpoint OPEN = new Endpoint("POST /accounts", "POST", "/accounts", "{\"title\":\"Mine\"}");

    static final List<Endpoint> ON_AN_ACCOUNT = List.of(
            new Endpoint("GET /accounts/{id}", "GET", "/accounts/{id}", null),
            new Endpoint("GET /accounts/{id}?atVersion=1", "GET", "/accounts/{id}?atVersion=1", null),
            new Endpoint("GET /accounts/{id}?asOf=…", "GET", "/accounts/{id}?asOf=2999-01-01T00:00:00Z", null),
            new Endpoint("GET /accounts/{id}/history", "GET", "/accounts/{id}/history?fromVersion=1&limit=10", null),
            new Endpoint("POST /accounts/{id}/close", "POST", "/accounts/{id}/close", "{\"reason\":\"done\"}"));

    static final List<Endpoint> OPS_ONLY = List.of(
            new Endpoint("GET /actuator/prometheus", "GET", "/actuator/prometheus", null),
            new Endpoint("GET /actuator/metrics", "GET", "/actuator/metrics", null),
            new Endpoint("GET /actuator/info", "GET", "/actuator/info", null));

    static final Map<String, Function<String, String>> FORGED = Map.of(
            "unsigned", Tokens::unsigned,
            "signed by another key", Tokens::signedByAnotherKey,
            "expired", Tokens::expired,
            "from another issuer", Tokens::otherIssuer,
            "for another audience", Tokens::otherAudience);

    static Stream<Endpoint> everyEndpoint() {
        List<Endpoint> all = new ArrayList<>();
        all.add(OPEN);
        all.addAll(ON_AN_ACCOUNT);
        all.addAll(OPS_ONLY);
        return all.stream();
    }

    static Stream<Endpoint> accountEndpoints() {
        return ON_AN_ACCOUNT.stream();
    }

    static Stream<Endpoint> opsEndpoints() {
        return OPS_ONLY.stream();
    }

    static Stream<Arguments> everyEndpointWithEachForgedToken() {
        return everyEndpoint().flatMap(endpoint -> FORGED.keySet().stream().sorted()
                .map(forgery -> Arguments.of(endpoint, forgery)));
    }

    static Stream<Arguments> accountEndpointsWithEachStranger() {
        return accountEndpoints().flatMap(endpoint -> Stream.of("another customer", "the teller", "ops")
                .map(stranger -> Arguments.of(endpoint, stranger)));
    }

    private Http stranger(String who) {
        return switch (who) {
            case "another customer" -> asCustomer(newCustomerId());
            case "the teller" -> teller;
            case "ops" -> ops;
            default -> throw new IllegalArgumentException(who);
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyEndpoint")
    void withoutATokenEveryEndpointAnswers401AndWritesNothing(Endpoint endpoint) {
        UUID account = openAccount("0");
        long before = eventCount();

        Http.Response response = endpoint.send(http, account);

        assertProblem(response, 401, "unauthorized", null);
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(eventCount()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}, token {1}")
    @MethodSource("everyEndpointWithEachForgedToken")
    void aForgedTokenOfTheOwnerIsRefusedWith401OnEveryEndpointAndWritesNothing(Endpoint endpoint, String forgery) {
        UUID account = openAccount("0");
        long before = eventCount();
        String subject = OPS_ONLY.contains(endpoint) ? Tokens.OPS_CLIENT : ownerId;

        Http.Response response = endpoint.send(http.bearer(FORGED.get(forgery).apply(subject)), account);

        assertProblem(response, 401, "unauthorized", null);
        assertThat(eventCount()).isEqualTo(before);
        assertThat(owner.get("/accounts/" + account).json().path("status").asString()).isEqualTo("OPEN");
    }

    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("accountEndpointsWithEachStranger")
    void someoneElsesAccountIsAnsweredExactlyLikeAnUnknownIdAndNothingIsWritten(Endpoint endpoint, String who) {
        UUID account = openAccount("0");
        UUID unknown = UUID.randomUUID();
        Http stranger = stranger(who);
        Map<String, String> sameCorrelation = Map.of("X-Correlation-Id", "probe-" + UUID.randomUUID());
        long before = eventCount();

        Http.Response notTheirs = endpoint.send(stranger, account, sameCorrelation);
        Http.Response doesNotExist = endpoint.send(stranger, unknown, sameCorrelation);

        assertProblem(notTheirs, 404, "not-found", null);
        assertThat(comparable(notTheirs, account)).isEqualTo(comparable(doesNotExist, unknown));
        assertThat(eventCount()).isEqualTo(before);
        Http.Response read = owner.get("/accounts/" + account);
        assertThat(read.json().path("status").asString()).isEqualTo("OPEN");
        assertThat(read.json().path("version").asInt()).isEqualTo(1);
    }

    @Test
    void aStrangerWithTheCurrentETagGets404Not304() {
        UUID account = openAccount("0");
        Http.Response response = asCustomer(newCustomerId()).get("/accounts/" + account, Map.of("If-None-Match", "\"1\""));
        assertProblem(response, 404, "not-found", null);
    }

    @Test
    void aStrangerClosingAnAccountWithMoneyGets404NotTheOwnersRefusal() {
        UUID account = openAccount("10.00");
        long before = eventCount();
        assertProblem(asCustomer(newCustomerId()).postJson("/accounts/" + account + "/close", "{}"), 404, "not-found", null);
        assertThat(eventCount()).isEqualTo(before);
        assertProblem(owner.postJson("/accounts/" + account + "/close", "{}"), 422, "account-not-empty", null);
    }

    @Test
    void aCustomerOpeningWithMoneyNeedsTheTellerScopeAndNothingIsWritten() {
        long before = eventCount();
        for (Http notATeller : List.of(owner, ops)) {
            assertProblem(notATeller.postJson("/accounts", "{\"title\":\"Rich\",\"initialBalance\":\"10.00\"}"),
                    403, AccountController.TELLER_SCOPE_REQUIRED, "initialBalance");
        }
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void aCustomerCannotOpenAnAccountForSomeoneElseAndNothingIsWritten() {
        long before = eventCount();
        Http.Response response = owner.postJson("/accounts",
                "{\"ownerId\":\"" + newCustomerId() + "\",\"title\":\"Yours\"}");
        assertProblem(response, 403, AccountController.OWNER_MISMATCH, "ownerId");
        assertThat(response.errorFields()).containsExactly("ownerId");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void aTellerMustNameTheOwnerAndNothingIsWritten() {
        long before = eventCount();
        assertProblem(teller.postJson("/accounts", "{\"title\":\"Whose\",\"initialBalance\":\"5.00\"}"),
                400, "validation-failed", "ownerId");
        assertThat(eventCount()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("opsEndpoints")
    void operationsEndpointsNeedTheOpsScope(Endpoint endpoint) {
        UUID none = UUID.randomUUID();
        for (Http withoutOps : List.of(owner, teller)) {
            assertProblem(endpoint.send(withoutOps, none), 403, "forbidden", null);
        }
        Http.Response response = endpoint.send(ops, none);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    @Test
    void theCallerOpensAnAccountOfTheirOwn() {
        Http.Response created = OPEN.send(owner, UUID.randomUUID());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        Http.Response read = owner.get(created.header("Location"));
        assertThat(read.json().path("ownerId").asString()).isEqualTo(ownerId);
        assertThat(read.json().path("balance").asString()).isEqualTo("0.00");
    }

    @Test
    void aTellerOpensAnAccountWithMoneyForTheCustomerItNames() {
        Http.Response created = teller.postJson("/accounts",
                "{\"ownerId\":\"" + ownerId + "\",\"title\":\"Gift\",\"initialBalance\":\"25.50\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        Http.Response read = owner.get(created.header("Location"));
        assertThat(read.json().path("ownerId").asString()).isEqualTo(ownerId);
        assertThat(read.json().path("balance").asString()).isEqualTo("25.50");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accountEndpoints")
    void theOwnerIsAnswered(Endpoint endpoint) {
        UUID account = openAccount("0");
        Http.Response response = endpoint.send(owner, account);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().path("accountId").asString()).isEqualTo(account.toString());
    }

    /** Status, headers but the date, and the body, with the account's id made anonymous. */
    private static Map<String, Object> comparable(Http.Response response, UUID id) {
        Map<String, Object> all = new TreeMap<>();
        all.put(":status", response.status());
        response.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Date")) {
                all.put(name.toLowerCase(), values);
            }
        });
        all.put(":body", response.body().replace(id.toString(), "{id}"));
        return all;
    }
}
