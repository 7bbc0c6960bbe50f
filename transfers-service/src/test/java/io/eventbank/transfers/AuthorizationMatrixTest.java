package io.eventbank.transfers;

import static io.eventbank.testsupport.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventbank.eventstore.AppendOptions;
import io.eventbank.eventstore.EventStore;
import io.eventbank.events.BankingEvents;
import io.eventbank.events.Money;
import io.eventbank.events.account.AccountOpened;
import io.eventbank.events.transfer.MoneyTransferCreated;
import io.eventbank.testsupport.Http;
import io.eventbank.testsupport.Tokens;
import io.eventbank.transfers.support.TransfersIntegrationTest;
import io.eventbank.transfers.transfer.domain.MoneyTransfer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.node.ObjectNode;

/**
 * Who may call what, endpoint by endpoint, over HTTP with real signed tokens: no token or a forged
 * one → 401; a transfer id of someone else → the very 404 of an unknown id; a source account of
 * someone else → the very 422 of an unknown account; Actuator without {@code eventbank.ops} → 403;
 * the owner → success.
 */
class AuthorizationMatrixTest extends TransfersIntegrationTest {

    private static final String ALICE = "alice";
    private static final String BOB = "bob";

    /** alice's account, bob's account, alice's transfer from hers to his */
    private static UUID alicesAccount;
    private static UUID bobsAccount;
    private static UUID alicesTransfer;

    @Autowired
    EventStore store;

    /** An endpoint of this service, called with a client (which carries a token or none). */
    record Endpoint(String name, Function<Http, Http.Response> call) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeEach
    void aliceHasAnAccountAndATransferToBob() {
        if (alicesTransfer == null) {
            alicesAccount = accountOpenedElsewhere(ALICE);
            bobsAccount = accountOpenedElsewhere(BOB);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> registryOwner(alicesAccount) != null && registryOwner(bobsAccount) != null);
            Http.Response created = as(ALICE).postJson("/transfers", transferJson(alicesAccount, bobsAccount, "10.00"));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            alicesTransfer = id(created);
        }
    }

    static Stream<Endpoint> endpoints() {
        return Stream.of(
                new Endpoint("POST /transfers",
                        http -> http.postJson("/transfers", transferJson(alicesAccount, bobsAccount, "1.00"))),
                new Endpoint("GET /transfers/{id}", http -> http.get("/transfers/" + alicesTransfer)),
                new Endpoint("GET /transfers/{id}/history", http -> http.get("/transfers/" + alicesTransfer + "/history")),
                new Endpoint("GET /admin/transfers/stuck", http -> http.get("/admin/transfers/stuck")),
                new Endpoint("POST /admin/transfers/{id}/redrive", http -> http.post("/admin/transfers/" + alicesTransfer + "/redrive")),
                new Endpoint("GET /actuator/prometheus", http -> http.get("/actuator/prometheus")),
                new Endpoint("GET /actuator/metrics", http -> http.get("/actuator/metrics")),
                new Endpoint("GET /actuator/info", http -> http.get("/actuator/info")),
                new Endpoint("GET /actuator/health (details)", http -> http.get("/actuator/health/db")));
    }

    static Stream<Arguments> forgedTokensOfTheOwnerOnEveryEndpoint() {
        Map<String, Function<String, String>> forged = Map.of(
                "unsigned", Tokens::unsigned,
                "signed by another key", Tokens::signedByAnotherKey,
                "expired", Tokens::expired,
                "other issuer", Tokens::otherIssuer,
                "other audience", Tokens::otherAudience,
                "not a JWT", sub -> "not-a-jwt");
        return endpoints().flatMap(endpoint -> forged.entrySet().stream()
                .map(token -> Arguments.of(endpoint, token.getKey(), token.getValue().apply(ALICE))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void everyEndpointAnswers401WithoutATokenAndWritesNothing(Endpoint endpoint) {
        long before = eventCount();
        assertProblem(endpoint.call().apply(http), 401, "unauthorized", null);
        assertThat(eventCount()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("forgedTokensOfTheOwnerOnEveryEndpoint")
    void everyEndpointAnswers401ToAForgedTokenEvenInTheOwnersName(Endpoint endpoint, String kind, String token) {
        long before = eventCount();
        assertProblem(endpoint.call().apply(http.bearer(token)), 401, "unauthorized", null);
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void publicHealthAndApiDocsNeedNoToken() {
        assertThat(http.get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(http.get("/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(http.get("/actuator/health").status()).isEqualTo(200);
        assertThat(http.get("/v3/api-docs").status()).isEqualTo(200);
    }

    // ---- transfer ids: only the initiator; anyone else gets the 404 of an unknown id ----

    static Stream<Arguments> notTheInitiator() {
        return Stream.of(
                Arguments.of("another customer", Tokens.customer("mallory")),
                Arguments.of("the owner of the destination account", Tokens.customer(BOB)),
                Arguments.of("the teller", Tokens.teller()),
                Arguments.of("ops", Tokens.ops()),
                Arguments.of("a token with every scope", Tokens.token("root",
                        List.of(Tokens.CUSTOMER_SCOPE, Tokens.TELLER_SCOPE, Tokens.OPS_SCOPE), c -> c)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notTheInitiator")
    void aTransferOfSomeoneElseIsNotFoundExactlyAsAnUnknownId(String who, String token) {
        Http client = http.bearer(token);
        UUID unknown = UUID.randomUUID();
        assertSameNotFound(client.get("/transfers/" + alicesTransfer), alicesTransfer,
                client.get("/transfers/" + unknown), unknown);
        assertSameNotFound(client.get("/transfers/" + alicesTransfer, Map.of("If-None-Match", "\"1\"")),
                alicesTransfer, client.get("/transfers/" + unknown, Map.of("If-None-Match", "\"1\"")), unknown);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notTheInitiator")
    void theHistoryOfSomeoneElsesTransferIsNotFoundExactlyAsAnUnknownId(String who, String token) {
        Http client = http.bearer(token);
        UUID unknown = UUID.randomUUID();
        assertSameNotFound(client.get("/transfers/" + alicesTransfer + "/history"), alicesTransfer,
                client.get("/transfers/" + unknown + "/history"), unknown);
        assertSameNotFound(client.get("/transfers/" + alicesTransfer + "/history?fromVersion=5&limit=1"),
                alicesTransfer, client.get("/transfers/" + unknown + "/history?fromVersion=5&limit=1"), unknown);
    }

    @Test
    void theInitiatorReadsTheirTransferAndItsHistory() {
        Http.Response read = as(ALICE).get("/transfers/" + alicesTransfer);
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.json().path("initiatedBy").asString()).isEqualTo(ALICE);
        assertThat(read.json().path("fromAccountId").asString()).isEqualTo(alicesAccount.toString());
        assertThat(as(ALICE).get("/transfers/" + alicesTransfer, Map.of("If-None-Match", read.header("ETag")))
                .status()).isEqualTo(304);
        Http.Response history = as(ALICE).get("/transfers/" + alicesTransfer + "/history");
        assertThat(history.status()).as(history.toString()).isEqualTo(200);
        assertThat(history.json().path("events").get(0).path("payload").path("initiatedBy").asString())
                .isEqualTo(ALICE);
    }

    @Test
    void aTransferWithoutRecordedInitiatorIsNobodysToRead() {
        UUID legacy = store.save(MoneyTransfer.TYPE,
                List.of(new MoneyTransferCreated(alicesAccount, bobsAccount, Money.of("1.00"), "before sign-in")),
                AppendOptions.none()).id();
        UUID unknown = UUID.randomUUID();
        for (String token : List.of(Tokens.customer(ALICE), Tokens.customer(BOB), Tokens.teller(), Tokens.ops())) {
            Http client = http.bearer(token);
            assertSameNotFound(client.get("/transfers/" + legacy), legacy, client.get("/transfers/" + unknown), unknown);
            assertSameNotFound(client.get("/transfers/" + legacy + "/history"), legacy,
                    client.get("/transfers/" + unknown + "/history"), unknown);
        }
    }

    // ---- POST /transfers: only from the caller's own account; the destination may be anyone's ----

    static Stream<Arguments> notTheSourceOwner() {
        return Stream.of(
                Arguments.of("another customer", Tokens.customer("mallory")),
                Arguments.of("the owner of the destination account", Tokens.customer(BOB)),
                Arguments.of("the teller", Tokens.teller()),
                Arguments.of("ops", Tokens.ops()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notTheSourceOwner")
    void aTransferOutOfSomeoneElsesAccountIsRefusedExactlyAsOutOfAnUnknownOneAndWritesNothing(String who,
                                                                                             String token) {
        Http client = http.bearer(token);
        long before = eventCount();
        Http.Response foreign = client.postJson("/transfers", transferJson(alicesAccount, bobsAccount, "1.00"));
        Http.Response unknown = client.postJson("/transfers", transferJson(UUID.randomUUID(), bobsAccount, "1.00"));
        assertProblem(foreign, 422, "unknown-account", "fromAccountId");
        assertThat(foreign.errorFields()).containsExactly("fromAccountId");
        assertSameProblem(foreign, unknown);
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void aForeignSourceAndAnUnknownDestinationNameBothFieldsAsForAnUnknownSource() {
        Http client = as(BOB);
        Http.Response foreign = client.postJson("/transfers", transferJson(alicesAccount, UUID.randomUUID(), "1.00"));
        Http.Response unknown = client.postJson("/transfers", transferJson(UUID.randomUUID(), UUID.randomUUID(), "1.00"));
        assertProblem(foreign, 422, "unknown-account", "fromAccountId");
        assertThat(foreign.errorFields()).containsExactlyInAnyOrder("fromAccountId", "toAccountId");
        assertSameProblem(foreign, unknown);
    }

    @Test
    void anAccountWithoutKnownOwnerIsNobodysSource() {
        UUID ownerless = UUID.randomUUID();
        jdbc.sql("insert into account_registry (account_id, status, version, updated_at) values (:id, 'OPEN', 1, now())")
                .param("id", ownerless).update();
        long before = eventCount();
        for (String customer : List.of(ALICE, BOB)) {
            assertProblem(as(customer).postJson("/transfers", transferJson(ownerless, bobsAccount, "1.00")),
                    422, "unknown-account", "fromAccountId");
        }
        assertThat(eventCount()).isEqualTo(before);
        Http.Response toIt = as(ALICE).postJson("/transfers", transferJson(alicesAccount, ownerless, "1.00"));
        assertThat(toIt.status()).as("it can still receive money: %s", toIt).isEqualTo(201);
    }

    @Test
    void theSourceOwnerTransfersToAnyonesAccountAndIsTheInitiator() {
        Http.Response created = as(BOB).postJson("/transfers", transferJson(bobsAccount, alicesAccount, "2.00"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        UUID id = id(created);
        assertThat(as(BOB).get("/transfers/" + id).json().path("initiatedBy").asString()).isEqualTo(BOB);
        assertThat(as(ALICE).get("/transfers/" + id).status())
                .as("the destination's owner does not read it").isEqualTo(404);
    }

    @Test
    void theWaitForANotYetReplicatedSourceStillApplies() {
        UUID late = UUID.randomUUID();
        var answer = CompletableFuture.supplyAsync(
                () -> as(ALICE).postJson("/transfers", transferJson(late, bobsAccount, "1.00")));
        kafka().publish(BankingEvents.ACCOUNT, late, 1,
                new AccountOpened(ALICE, "t", Money.ZERO), "c");
        Http.Response response = answer.join();
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }

    @Test
    void aNotYetReplicatedSourceOfSomeoneElseIsStillRefused() {
        UUID late = UUID.randomUUID();
        var answer = CompletableFuture.supplyAsync(
                () -> as(BOB).postJson("/transfers", transferJson(late, bobsAccount, "1.00")));
        kafka().publish(BankingEvents.ACCOUNT, late, 1,
                new AccountOpened(ALICE, "t", Money.ZERO), "c");
        assertProblem(answer.join(), 422, "unknown-account", "fromAccountId");
    }

    // ---- Idempotency-Key: scoped to the caller ----

    @Test
    void twoCustomersSendingTheSameKeyGetTwoTransfers() {
        String key = "shared-" + UUID.randomUUID();
        Map<String, String> header = Map.of("Idempotency-Key", key);
        Http.Response alices = as(ALICE).post("/transfers", "application/json",
                transferJson(alicesAccount, bobsAccount, "3.00"), header);
        Http.Response bobs = as(BOB).post("/transfers", "application/json",
                transferJson(bobsAccount, alicesAccount, "4.00"), header);
        assertThat(alices.status()).as(alices.toString()).isEqualTo(201);
        assertThat(bobs.status()).as(bobs.toString()).isEqualTo(201);
        assertThat(id(bobs)).isNotEqualTo(id(alices));
        assertThat(bobs.header("Idempotent-Replayed")).isEqualTo("false");

        long after = eventCount();
        Http.Response alicesRetry = as(ALICE).post("/transfers", "application/json",
                transferJson(alicesAccount, bobsAccount, "3.00"), header);
        Http.Response bobsRetry = as(BOB).post("/transfers", "application/json",
                transferJson(bobsAccount, alicesAccount, "4.00"), header);
        assertThat(alicesRetry.json()).isEqualTo(alices.json());
        assertThat(alicesRetry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(bobsRetry.json()).isEqualTo(bobs.json());
        assertThat(bobsRetry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(eventCount()).isEqualTo(after);

        assertProblem(as(ALICE).post("/transfers", "application/json",
                transferJson(alicesAccount, bobsAccount, "3.01"), header), 422, "idempotency-key-reused", null);
        assertThat(eventCount()).isEqualTo(after);
    }

    @Test
    void anotherCustomerReplayingSomeonesKeyAndBodyLearnsNothingAboutIt() {
        Map<String, String> header = Map.of("Idempotency-Key", "alices-" + UUID.randomUUID());
        String body = transferJson(alicesAccount, bobsAccount, "5.00");
        assertThat(as(ALICE).post("/transfers", "application/json", body, header).status()).isEqualTo(201);
        long after = eventCount();
        Http.Response replayedByBob = as(BOB).post("/transfers", "application/json", body, header);
        assertProblem(replayedByBob, 422, "unknown-account", "fromAccountId");
        assertThat(replayedByBob.body()).doesNotContain("transferId");
        assertThat(eventCount()).isEqualTo(after);
    }

    // ---- Actuator and /admin: scope eventbank.ops ----

    static Stream<Arguments> operatorEndpointsWithoutOpsScope() {
        return endpoints().filter(AuthorizationMatrixTest::forOperators).flatMap(e -> Stream.of(
                Arguments.of(e, "a customer", Tokens.customer(ALICE)),
                Arguments.of(e, "the teller", Tokens.teller())));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("operatorEndpointsWithoutOpsScope")
    void operatorEndpointsAnswer403WithoutTheOpsScope(Endpoint endpoint, String who, String token) {
        assertProblem(endpoint.call().apply(http.bearer(token)), 403, "forbidden", null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void everyEndpointServesTheRightCaller(Endpoint endpoint) {
        Http client = forOperators(endpoint) ? http.bearer(Tokens.ops()) : as(ALICE);
        Http.Response response = endpoint.call().apply(client);
        assertThat(response.status()).as(response.toString()).isIn(200, 201);
    }

    // ---- helpers ----

    private static boolean forOperators(Endpoint endpoint) {
        return endpoint.name().contains("/actuator") || endpoint.name().contains("/admin");
    }

    private static UUID id(Http.Response created) {
        return UUID.fromString(created.json().path("transferId").asString());
    }

    /** Same status, content type and body (the id itself and the per-request correlation id aside). */
    private static void assertSameNotFound(Http.Response answer, UUID id, Http.Response unknownAnswer, UUID unknown) {
        assertProblem(answer, 404, "not-found", null);
        assertThat(answer.header("ETag")).isNull();
        assertThat(answer.header("Content-Type")).isEqualTo(unknownAnswer.header("Content-Type"));
        assertThat(answer.status()).isEqualTo(unknownAnswer.status());
        assertThat(comparable(answer, id)).isEqualTo(comparable(unknownAnswer, unknown));
    }

    private static void assertSameProblem(Http.Response answer, Http.Response other) {
        assertThat(answer.status()).isEqualTo(other.status());
        assertThat(answer.header("Content-Type")).isEqualTo(other.header("Content-Type"));
        assertThat(comparable(answer, null)).isEqualTo(comparable(other, null));
    }

    private static String comparable(Http.Response response, UUID id) {
        ObjectNode body = (ObjectNode) response.json();
        body.remove("correlationId");
        String text = body.toString();
        return id == null ? text : text.replace(id.toString(), "{id}");
    }
}
