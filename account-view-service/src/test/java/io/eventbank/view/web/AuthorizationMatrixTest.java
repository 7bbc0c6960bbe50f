package io.eventbank.view.web;

import static io.eventbank.view.TestEvents.account;
import static io.eventbank.view.TestEvents.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventbank.events.Money;
import io.eventbank.events.account.AccountCredited;
import io.eventbank.events.account.AccountDebited;
import io.eventbank.events.account.AccountOpened;
import io.eventbank.events.transfer.DebitRecorded;
import io.eventbank.events.transfer.MoneyTransferCreated;
import io.eventbank.testsupport.Http;
import io.eventbank.testsupport.Tokens;
import io.eventbank.view.ViewServiceTest;
import io.eventbank.view.projection.application.LiveProjection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Who may call what, endpoint by endpoint, over HTTP with real signed tokens: no token or a forged
 * one is 401; an account or transfer of anybody else answers exactly as an unknown id (404, or with
 * minVersion the 409 at version 0 after the whole wait); the ops endpoints need {@code eventbank.ops}
 * (403 without); the owner (or, for ops endpoints, ops) gets the answer.
 */
@ViewServiceTest
class AuthorizationMatrixTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String UNAUTHORIZED = "https://eventbank.io/problems/unauthorized";
    private static final String FORBIDDEN = "https://eventbank.io/problems/forbidden";
    private static final String NOT_FOUND = "https://eventbank.io/problems/not-found";

    @Autowired
    LiveProjection projection;

    @LocalServerPort
    int port;

    /** alice owns {@link #account} and {@link #second} and initiated {@link #transfer} to bob's {@link #bobs}. */
    String alice;
    String bob;
    String mallory;
    UUID account;
    UUID second;
    UUID bobs;
    UUID transfer;
    /** From alice's account, stored before initiators were recorded: nobody's. */
    UUID oldTransfer;

    @BeforeEach
    void data() {
        alice = "alice-" + UUID.randomUUID();
        bob = "bob-" + UUID.randomUUID();
        mallory = "mallory-" + UUID.randomUUID();
        account = open(alice, "100.00");
        second = open(alice, "0.00");
        bobs = open(bob, "0.00");
        transfer = UUID.randomUUID();
        projection.onTransferEvent(transfer(transfer, 1,
                new MoneyTransferCreated(account, bobs, Money.of("10.00"), "rent", alice)));
        projection.onTransferEvent(transfer(transfer, 2, new DebitRecorded(account, bobs, Money.of("10.00"))));
        projection.onAccountEvent(account(account, 2, new AccountDebited(transfer, Money.of("10.00"),
                Money.of("90.00"))));
        oldTransfer = UUID.randomUUID();
        projection.onTransferEvent(transfer(oldTransfer, 1,
                new MoneyTransferCreated(account, bobs, Money.of("1.00"), "old")));
    }

    /** Every endpoint of the service, {id} paths on alice's account and transfer. */
    static Stream<String> endpoints() {
        return Stream.of(
                "GET /accounts/{account}",
                "GET /accounts/{account}?minVersion=1&waitMs=0",
                "GET /accounts/{account}/changes?page=0&size=5",
                "GET /transfers/{transfer}",
                "GET /transfers/{transfer}?minVersion=1&waitMs=0",
                "GET /me/accounts",
                "GET /accounts?ownerId={alice}",
                "POST /admin/rebuild",
                "GET /admin/rebuild/{rebuild}",
                "GET /actuator/prometheus",
                "GET /actuator/metrics");
    }

    static Stream<Arguments> forgedTokens() {
        List<Function<String, String>> forgeries = List.of(Tokens::unsigned, Tokens::signedByAnotherKey,
                Tokens::expired, Tokens::otherIssuer, Tokens::otherAudience);
        List<String> names = List.of("unsigned", "signed by another key", "expired", "other issuer", "other audience");
        return endpoints().flatMap(endpoint -> java.util.stream.IntStream.range(0, forgeries.size())
                .mapToObj(i -> Arguments.of(endpoint, names.get(i), forgeries.get(i))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void everyEndpointWithoutATokenIsUnauthorized(String endpoint) {
        Http.Response answer = call(Http.localhost(port), endpoint);

        assertUnauthorized(answer);
    }

    @ParameterizedTest(name = "{0} with a token {1}")
    @MethodSource("forgedTokens")
    void everyEndpointRefusesAForgedToken(String endpoint, String forgery, Function<String, String> token) {
        Http.Response answer = call(Http.localhost(port).bearer(token.apply(alice)), endpoint);

        assertUnauthorized(answer);
    }

    @Test
    void healthNeedsNoTokenAndShowsItsComponentsOnlyToOps() {
        await("readiness (a refill of the fresh store from the shared topics may be running)").atMost(Duration.ofSeconds(30))
                .until(() -> Http.localhost(port).get("/actuator/health/readiness").status() == 200);
        Http.Response anonymous = Http.localhost(port).get("/actuator/health/readiness");
        Http.Response customer = as(alice).get("/actuator/health/readiness");
        Http.Response ops = as(Tokens.ops()).get("/actuator/health/readiness");

        assertThat(List.of(anonymous, customer, ops)).allSatisfy(a -> assertThat(a.status()).isEqualTo(200));
        assertThat(anonymous.json().has("components")).isFalse();
        assertThat(customer.json().has("components")).isFalse();
        assertThat(ops.json().get("components").has("mongo")).isTrue();
        assertThat(Http.localhost(port).get("/actuator/health/liveness").status()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({"/accounts/{id}, 404", "/accounts/{id}?minVersion=2&waitMs=0, 409", "/accounts/{id}/changes, 404",
            "/accounts/{id}/changes?page=1&size=1, 404"})
    void anotherCustomersAccountIsNotFoundExactlyAsAnUnknownOne(String path, int status) {
        assertHiddenFromEveryoneButAlice(path, status, account);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({"/transfers/{id}, 404", "/transfers/{id}?minVersion=2&waitMs=0, 409"})
    void anotherCustomersTransferIsNotFoundExactlyAsAnUnknownOneAlsoForTheRecipient(String path, int status) {
        assertHiddenFromEveryoneButAlice(path, status, transfer);
        assertThat(as(bob).get("/accounts/" + bobs).json().get("recentTransfers").get(0).get("transferId").asString())
                .as("the recipient sees the transfer on his account").isIn(transfer.toString(), oldTransfer.toString());
    }

    @Test
    void aTransferStoredBeforeInitiatorsIsNobodysAndAnswersAsAnUnknownOne() {
        UUID unknown = UUID.randomUUID();
        for (String caller : List.of(Tokens.customer(alice), Tokens.customer(bob), Tokens.ops())) {
            Http http = as(caller);
            assertIndistinguishable(http.get("/transfers/" + oldTransfer), oldTransfer,
                    http.get("/transfers/" + unknown), unknown);
            Http.Response waited = http.get("/transfers/" + oldTransfer + "?minVersion=1&waitMs=0");
            assertThat(waited.status()).isEqualTo(409);
            assertThat(waited.json().get("currentVersion").asInt()).isZero();
            assertIndistinguishable(waited, oldTransfer, http.get("/transfers/" + unknown + "?minVersion=1&waitMs=0"),
                    unknown);
        }
    }

    @Test
    void aMinVersionWaitOnAnotherCustomersAccountWaitsAsLongAndEndsAsForAnUnknownOne() {
        Http http = as(mallory);
        UUID unknown = UUID.randomUUID();

        long start = System.nanoTime();
        Http.Response foreign = http.get("/accounts/" + account + "?minVersion=1&waitMs=300");
        long foreignMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        start = System.nanoTime();
        Http.Response none = http.get("/accounts/" + unknown + "?minVersion=1&waitMs=300");
        long unknownMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(foreign.status()).isEqualTo(409);
        assertThat(foreign.json().get("currentVersion").asInt()).isZero();
        assertThat(foreign.header("Retry-After")).isEqualTo(none.header("Retry-After"));
        assertIndistinguishable(foreign, account, none, unknown);
        assertThat(foreignMillis).as("the stranger waited the whole wait").isGreaterThanOrEqualTo(300);
        assertThat(unknownMillis).isGreaterThanOrEqualTo(300);
    }

    @Test
    void aStrangerWaitingOnAnAccountIsNotWokenByItsNewVersionWhileTheOwnerIs() throws Exception {
        CompletableFuture<Http.Response> stranger = CompletableFuture.supplyAsync(
                () -> as(mallory).get("/accounts/" + account + "?minVersion=3&waitMs=2000"));
        CompletableFuture<Http.Response> owner = CompletableFuture.supplyAsync(
                () -> as(alice).get("/accounts/" + account + "?minVersion=3&waitMs=10000"));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> !stranger.isDone() && !owner.isDone());

        projection.onAccountEvent(account(account, 3, new AccountCredited(UUID.randomUUID(), Money.of("1.00"), false,
                Money.of("91.00"))));

        Http.Response ownersAnswer = owner.get(10, TimeUnit.SECONDS);
        assertThat(ownersAnswer.status()).isEqualTo(200);
        assertThat(ownersAnswer.json().get("version").asInt()).isEqualTo(3);
        Http.Response strangersAnswer = stranger.get(10, TimeUnit.SECONDS);
        assertThat(strangersAnswer.status()).isEqualTo(409);
        assertThat(strangersAnswer.json().get("currentVersion").asInt()).isZero();
    }

    @Test
    void aStrangerWaitingOnATransferIsNotWokenByItsNewVersion() throws Exception {
        CompletableFuture<Http.Response> stranger = CompletableFuture.supplyAsync(
                () -> as(bob).get("/transfers/" + transfer + "?minVersion=3&waitMs=2000"));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !stranger.isDone());

        projection.onTransferEvent(transfer(transfer, 3,
                new io.eventbank.events.transfer.CreditRecorded(bobs, Money.of("10.00"))));

        Http.Response answer = stranger.get(10, TimeUnit.SECONDS);
        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.json().get("currentVersion").asInt()).isZero();
        assertThat(as(alice).get("/transfers/" + transfer + "?minVersion=3").json().get("status").asString())
                .isEqualTo("COMPLETED");
    }

    @Test
    void theOwnerListingIsTheCallersOwnAndTheOwnerIdListingIsGone() {
        JsonNode alices = as(alice).get("/me/accounts").json();
        assertThat(alices.valueStream().map(a -> a.get("accountId").asString()).toList())
                .containsExactly(account.toString(), second.toString());
        assertThat(alices.valueStream().map(a -> a.get("ownerId").asString()).distinct().toList())
                .containsExactly(alice);
        Http.Response strangers = as(mallory).get("/me/accounts");
        assertThat(strangers.status()).isEqualTo(200);
        assertThat(strangers.json().isArray()).isTrue();
        assertThat(strangers.json().size()).isZero();

        for (String caller : List.of(Tokens.customer(alice), Tokens.customer(mallory), Tokens.teller(), Tokens.ops())) {
            Http.Response byOwnerId = as(caller).get("/accounts?ownerId=" + alice);
            assertThat(byOwnerId.status()).isEqualTo(404);
            assertThat(byOwnerId.problemType()).isEqualTo(NOT_FOUND);
            assertThat(byOwnerId.body()).doesNotContain(account.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"POST /admin/rebuild", "GET /admin/rebuild/{rebuild}", "GET /actuator/prometheus",
            "GET /actuator/metrics"})
    void opsEndpointsNeedTheOpsScope(String endpoint) {
        for (String token : List.of(Tokens.customer(alice), Tokens.teller(),
                Tokens.token(Tokens.OPS_CLIENT, List.of(Tokens.CUSTOMER_SCOPE), c -> c))) {
            Http.Response answer = call(as(token), endpoint);

            assertThat(answer.status()).as(endpoint).isEqualTo(403);
            assertThat(answer.problemType()).isEqualTo(FORBIDDEN);
            assertThat(answer.contentType()).startsWith("application/problem+json");
        }
    }

    @Test
    void theOwnerReadsHerAccountsTransfersAndChanges() {
        Http http = as(alice);

        Http.Response view = http.get("/accounts/" + account);
        assertThat(view.status()).isEqualTo(200);
        assertThat(view.header("ETag")).isNotBlank();
        assertThat(view.json().get("ownerId").asString()).isEqualTo(alice);
        assertThat(http.get("/accounts/" + account + "?minVersion=2&waitMs=0").json().get("balance").asString())
                .isEqualTo("90.00");
        JsonNode changes = http.get("/accounts/" + account + "/changes").json();
        assertThat(changes.get("totalElements").asLong()).isEqualTo(1);
        assertThat(changes.get("items").get(0).get("kind").asString()).isEqualTo("DEBIT");
        JsonNode transferView = http.get("/transfers/" + transfer + "?minVersion=2&waitMs=0").json();
        assertThat(transferView.get("status").asString()).isEqualTo("DEBITED");
        assertThat(transferView.get("initiatedBy").asString()).isEqualTo(alice);
        assertThat(as(bob).get("/accounts/" + bobs).status()).isEqualTo(200);
        assertThat(as(bob).get("/me/accounts").json().get(0).get("accountId").asString()).isEqualTo(bobs.toString());
    }

    @Test
    void opsReadsMetricsAndStartsAndFollowsARebuild() {
        Http ops = as(Tokens.ops());
        assertThat(ops.get("/actuator/prometheus").status()).isEqualTo(200);
        assertThat(ops.get("/admin/rebuild/" + UUID.randomUUID()).status()).as("an unknown rebuild").isEqualTo(404);

        Http.Response started = ops.post("/admin/rebuild");

        assertThat(started.status()).isEqualTo(202);
        String rebuildId = started.json().get("rebuildId").asString();
        // the switch drops what the tests wrote past the topics: wait for it to be over
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            Http.Response status = ops.get("/admin/rebuild/" + rebuildId);
            assertThat(status.status()).isEqualTo(200);
            assertThat(status.json().get("state").asString()).isEqualTo("COMPLETED");
        });
    }

    // ---- helpers

    private Http as(String tokenOrCustomer) {
        String token = tokenOrCustomer.contains(".") ? tokenOrCustomer : Tokens.customer(tokenOrCustomer);
        return Http.localhost(port).bearer(token);
    }

    private Http.Response call(Http http, String endpoint) {
        String[] parts = endpoint.split(" ", 2);
        String path = parts[1].replace("{account}", account.toString()).replace("{transfer}", transfer.toString())
                .replace("{alice}", alice).replace("{rebuild}", UUID.randomUUID().toString());
        return http.send(parts[0], path);
    }

    /** 404 not-found, or with minVersion the 409 of a view not there (version 0). */
    private static void assertAbsent(Http.Response answer, int status) {
        assertThat(answer.status()).isEqualTo(status);
        if (status == 404) {
            assertThat(answer.problemType()).isEqualTo(NOT_FOUND);
        } else {
            assertThat(answer.json().get("currentVersion").asInt()).isZero();
        }
    }

    private static void assertUnauthorized(Http.Response answer) {
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.problemType()).isEqualTo(UNAUTHORIZED);
        assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer");
    }

    /**
     * Same status, same headers (but the date and correlation id), same body once each names its own
     * id as {@code {id}} and leaves out its correlation id.
     */
    private static void assertIndistinguishable(Http.Response foreign, UUID foreignId, Http.Response unknown,
                                                UUID unknownId) {
        assertThat(foreign.status()).isEqualTo(unknown.status());
        assertThat(comparableHeaders(foreign)).isEqualTo(comparableHeaders(unknown));
        assertThat(comparableBody(foreign, foreignId)).isEqualTo(comparableBody(unknown, unknownId));
    }

    private static Map<String, List<String>> comparableHeaders(Http.Response answer) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        answer.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Date") && !name.equalsIgnoreCase("X-Correlation-Id")) {
                headers.put(name.toLowerCase(java.util.Locale.ROOT), values);
            }
        });
        return headers;
    }

    private static JsonNode comparableBody(Http.Response answer, UUID id) {
        JsonNode body = JSON.readTree(answer.body().replace(id.toString(), "{id}"));
        if (body instanceof ObjectNode object) {
            object.remove("correlationId");
        }
        return body;
    }

    private UUID open(String owner, String balance) {
        UUID id = UUID.randomUUID();
        projection.onAccountEvent(account(id, 1, new AccountOpened(owner, "acc", Money.of(balance))));
        return id;
    }

    /** Every other caller gets the answer an unknown id gets; alice, the owner, gets 200. */
    private void assertHiddenFromEveryoneButAlice(String path, int status, UUID id) {
        UUID unknown = UUID.randomUUID();
        for (String stranger : List.of(Tokens.customer(mallory), Tokens.customer(bob), Tokens.teller(),
                Tokens.ops())) {
            Http http = as(stranger);
            Http.Response foreign = http.get(path.replace("{id}", id.toString()));
            Http.Response none = http.get(path.replace("{id}", unknown.toString()));

            assertAbsent(foreign, status);
            assertIndistinguishable(foreign, id, none, unknown);
        }
        assertThat(as(alice).get(path.replace("{id}", id.toString())).status()).isEqualTo(200);
    }
}
