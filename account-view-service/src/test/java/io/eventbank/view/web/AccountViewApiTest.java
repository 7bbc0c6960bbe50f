package io.eventbank.view.web;

import static io.eventbank.view.TestEvents.account;
import static io.eventbank.view.TestEvents.transfer;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventbank.events.FailureReason;
import io.eventbank.events.Money;
import io.eventbank.events.account.AccountCredited;
import io.eventbank.events.account.AccountDebited;
import io.eventbank.events.account.AccountOpened;
import io.eventbank.events.transfer.DebitRecorded;
import io.eventbank.events.transfer.MoneyTransferCreated;
import io.eventbank.events.transfer.RefundRequested;
import io.eventbank.events.transfer.TransferFailedDueToInsufficientFunds;
import io.eventbank.testsupport.Http;
import io.eventbank.testsupport.Tokens;
import io.eventbank.view.ViewServiceTest;
import io.eventbank.view.projection.application.LiveProjection;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import tools.jackson.databind.JsonNode;

@ViewServiceTest
class AccountViewApiTest {

    @Autowired
    LiveProjection projection;

    @Autowired
    MongoDatabaseFactory mongo;

    @LocalServerPort
    int port;

    /** The customer of each test, who owns its accounts and initiates its transfers. */
    String owner;
    Http http;

    @BeforeEach
    void client() {
        owner = "customer-" + UUID.randomUUID();
        http = Http.localhost(port).bearer(Tokens.customer(owner));
    }

    @Test
    void answersTheAccountWithExactAmountsAndAnETag() {
        UUID from = open(owner, "150.25");
        UUID to = open(owner, "0.00");
        UUID t = UUID.randomUUID();
        projection.onTransferEvent(transfer(t, 1, new MoneyTransferCreated(from, to, Money.of("0.25"), "tea", owner)));
        projection.onTransferEvent(transfer(t, 2, new DebitRecorded(from, to, Money.of("0.25"))));
        projection.onAccountEvent(account(from, 2, new AccountDebited(t, Money.of("0.25"), Money.of("150.00"))));

        Http.Response answer = http.get("/accounts/" + from);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("ETag")).isNotBlank();
        JsonNode body = answer.json();
        assertThat(body.get("accountId").asString()).isEqualTo(from.toString());
        assertThat(body.get("ownerId").asString()).isEqualTo(owner);
        assertThat(body.get("balance").asString()).isEqualTo("150.00");
        assertThat(body.get("status").asString()).isEqualTo("OPEN");
        assertThat(body.get("version").asInt()).isEqualTo(2);
        assertThat(body.get("recentTransfers").get(0).get("status").asString()).isEqualTo("DEBITED");
        assertThat(body.get("recentTransfers").get(0).get("amount").asString()).isEqualTo("0.25");
        assertThat(body.get("recentChanges").get(0).get("kind").asString()).isEqualTo("DEBIT");
        assertThat(body.get("recentChanges").get(0).get("balanceAfter").asString()).isEqualTo("150.00");

        JsonNode transferView = http.get("/transfers/" + t).json();
        assertThat(transferView.get("status").asString()).isEqualTo("DEBITED");
        assertThat(transferView.get("initiatedBy").asString()).isEqualTo(owner);
        JsonNode owned = http.get("/me/accounts").json();
        assertThat(owned.valueStream().map(n -> n.get("accountId").asString()).toList())
                .containsExactly(from.toString(), to.toString());
        assertThat(owned.get(0).propertyNames())
                .containsExactlyInAnyOrder("accountId", "ownerId", "title", "balance", "status", "version");
    }

    @Test
    void aFailedOrRefundedTransferShowsItsReasonCodeAndMessageAlsoWhenStoredAsProse() {
        UUID from = open(owner, "1.00");
        UUID to = open(owner, "0.00");
        UUID failed = UUID.randomUUID();
        projection.onTransferEvent(transfer(failed, 1, new MoneyTransferCreated(from, to, Money.of("5.00"), "", owner)));
        projection.onTransferEvent(transfer(failed, 2, new TransferFailedDueToInsufficientFunds(from)));
        JsonNode body = http.get("/transfers/" + failed).json();
        assertThat(body.get("failureReason").asString()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(body.get("failureMessage").asString()).isEqualTo(FailureReason.INSUFFICIENT_FUNDS.message());

        UUID refunded = UUID.randomUUID();
        projection.onTransferEvent(transfer(refunded, 1, new MoneyTransferCreated(from, to, Money.of("1.00"), "", owner)));
        projection.onTransferEvent(transfer(refunded, 2, new DebitRecorded(from, to, Money.of("1.00"))));
        projection.onTransferEvent(transfer(refunded, 3, new RefundRequested(from, Money.of("1.00"),
                FailureReason.DESTINATION_ACCOUNT_CLOSED)));
        // views written before reasons were codes hold the event's prose
        mongo.getMongoDatabase().getCollection(((io.eventbank.view.projection.infrastructure.MongoViewStore) projection.readStore()).names().transfers())
                .updateOne(new Document("_id", refunded.toString()),
                        new Document("$set", new Document("failureReason", "destination account closed")));
        body = http.get("/transfers/" + refunded).json();
        assertThat(body.get("status").asString()).isEqualTo("REFUND_PENDING");
        assertThat(body.get("failureReason").asString()).isEqualTo("DESTINATION_ACCOUNT_CLOSED");
        assertThat(body.get("failureMessage").asString())
                .isEqualTo(FailureReason.DESTINATION_ACCOUNT_CLOSED.message());
        assertThat(http.get("/transfers/" + failed).json().get("amount").asString()).isEqualTo("5.00");
    }

    @Test
    void theETagChangesWithTheViewAndAnswersNotModifiedWhileItDoesNot() {
        UUID from = open(owner, "5.00");
        UUID to = open(owner, "0.00");
        String first = http.get("/accounts/" + from).header("ETag");
        assertThat(http.get("/accounts/" + from, Map.of("If-None-Match", first)).status()).isEqualTo(304);

        projection.onTransferEvent(transfer(UUID.randomUUID(), 1,
                new MoneyTransferCreated(from, to, Money.of("1.00"), "", owner)));

        Http.Response changed = http.get("/accounts/" + from, Map.of("If-None-Match", first));
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.header("ETag")).isNotEqualTo(first);
    }

    @Test
    void aMinVersionReadReturnsAsSoonAsTheVersionIsApplied() throws Exception {
        UUID id = open(owner, "10.00");
        CompletableFuture<Http.Response> waiting = CompletableFuture.supplyAsync(
                () -> http.get("/accounts/" + id + "?minVersion=2&waitMs=10000"));
        org.awaitility.Awaitility.await().during(java.time.Duration.ofMillis(300))
                .atMost(java.time.Duration.ofSeconds(2)).until(() -> !waiting.isDone());

        long start = System.nanoTime();
        projection.onAccountEvent(account(id, 2, new AccountCredited(UUID.randomUUID(), Money.of("5.00"), false,
                Money.of("15.00"))));
        Http.Response answer = waiting.get(5, TimeUnit.SECONDS);

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5000);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("version").asInt()).isEqualTo(2);
        assertThat(answer.json().get("balance").asString()).isEqualTo("15.00");
    }

    @Test
    void aMinVersionReadOfAnAccountNotYetOpenedWaitsForIt() throws Exception {
        UUID id = UUID.randomUUID();
        CompletableFuture<Http.Response> waiting = CompletableFuture.supplyAsync(
                () -> http.get("/accounts/" + id + "?minVersion=1&waitMs=10000"));
        org.awaitility.Awaitility.await().during(java.time.Duration.ofMillis(300))
                .atMost(java.time.Duration.ofSeconds(2)).until(() -> !waiting.isDone());
        projection.onAccountEvent(account(id, 1, new AccountOpened(owner, "t", Money.of("1.00"))));

        assertThat(waiting.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
    }

    @Test
    void aVersionThatNeverComesIsAConflictWithTheCurrentVersion() {
        UUID id = open(owner, "10.00");

        Http.Response answer = http.get("/accounts/" + id + "?minVersion=5&waitMs=300");

        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.header("Retry-After")).isEqualTo("1");
        assertThat(answer.json().get("type").asString()).isEqualTo("https://eventbank.io/problems/view-not-up-to-date");
        assertThat(answer.json().get("currentVersion").asInt()).isEqualTo(1);
    }

    @Test
    void aMinVersionReadOfAnIdNeverSeenIsAConflictAtVersionZero() {
        Http.Response answer = http.get("/accounts/" + UUID.randomUUID() + "?minVersion=1&waitMs=100");

        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.json().get("currentVersion").asInt()).isZero();
    }

    @Test
    void problemsCarryTheRequestsCorrelationId() {
        UUID id = open(owner, "1.00");

        Http.Response answer = http.get("/accounts/" + id + "?minVersion=2&waitMs=0",
                Map.of("X-Correlation-Id", "corr-view-1"));

        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.header("X-Correlation-Id")).isEqualTo("corr-view-1");
        assertThat(answer.json().get("correlationId").asString()).isEqualTo("corr-view-1");
        assertThat(answer.json().get("instance").asString()).isEqualTo("/accounts/" + id);
    }

    @Test
    void aTransferVersionThatNeverComesIsAConflictToo() {
        UUID from = open(owner, "1.00");
        UUID to = open(owner, "1.00");
        UUID t = UUID.randomUUID();
        projection.onTransferEvent(transfer(t, 1, new MoneyTransferCreated(from, to, Money.of("1.00"), "", owner)));

        Http.Response answer = http.get("/transfers/" + t + "?minVersion=2&waitMs=0");

        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.json().get("currentVersion").asInt()).isEqualTo(1);
    }

    @Test
    void unknownIdsAreNotFoundProblems() {
        Http.Response account = http.get("/accounts/" + UUID.randomUUID());
        Http.Response transfer = http.get("/transfers/" + UUID.randomUUID());
        Http.Response changes = http.get("/accounts/" + UUID.randomUUID() + "/changes");

        assertThat(List.of(account, transfer, changes)).allSatisfy(a -> {
            assertThat(a.status()).isEqualTo(404);
            assertThat(a.header("Content-Type")).startsWith("application/problem+json");
            assertThat(a.json().get("type").asString()).isEqualTo("https://eventbank.io/problems/not-found");
        });
    }

    @Test
    void pagingReturnsEveryChangeExactlyOnceInVersionOrder() {
        UUID id = open(owner, "0.00");
        for (int v = 2; v <= 24; v++) {
            projection.onAccountEvent(account(id, v, new AccountCredited(UUID.randomUUID(), Money.of("1.00"),
                    false, Money.of(BigDecimal.valueOf(v - 1)))));
        }
        List<Integer> versions = new ArrayList<>();
        for (int page = 0; page < 5; page++) {
            JsonNode body = http.get("/accounts/" + id + "/changes?page=" + page + "&size=5").json();
            assertThat(body.get("totalElements").asLong()).isEqualTo(23);
            body.get("items").forEach(item -> versions.add(item.get("version").asInt()));
        }
        assertThat(versions).containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(2, 24).boxed().toList());
    }

    @ParameterizedTest
    @CsvSource({
            "/accounts/{id}?minVersion=-1, minVersion",
            "/accounts/{id}?waitMs=-5, waitMs",
            "/accounts/{id}?waitMs=99999999, waitMs",
            "/accounts/{id}?minVersion=abc, minVersion",
            "/accounts/{id}/changes?page=-1, page",
            "/accounts/{id}/changes?size=0, size",
            "/accounts/{id}/changes?size=101, size",
            "/transfers/{id}?minVersion=-2, minVersion",
            "/accounts/not-a-uuid, accountId",
    })
    void badParametersAreProblemsNamingTheParameter(String path, String parameter) {
        Http.Response answer = http.get(path.replace("{id}", UUID.randomUUID().toString()));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.json().get("type").asString()).isEqualTo("https://eventbank.io/problems/invalid-parameter");
        assertThat(answer.json().get("errors").get(0).get("field").asString()).isEqualTo(parameter);
    }

    private UUID open(String owner, String balance) {
        UUID id = UUID.randomUUID();
        projection.onAccountEvent(account(id, 1, new AccountOpened(owner, "acc", Money.of(balance))));
        return id;
    }
}
