package io.eventbank.transfers.transfer.web;

import static io.eventbank.testsupport.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventbank.testsupport.Http;
import io.eventbank.testsupport.Tokens;
import io.eventbank.transfers.support.TransfersIntegrationTest;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TransfersApiTest extends TransfersIntegrationTest {

    private static UUID from;
    private static UUID to;

    @BeforeEach
    void knownAccounts() {
        if (from == null) {
            from = accountOpenedElsewhere();
            to = accountOpenedElsewhere();
            await().atMost(Duration.ofSeconds(30)).until(() -> registryStatus(from) != null && registryStatus(to) != null);
        }
    }

    @Test
    void createsATransferAndReadsIt() {
        Http.Response created = asOwner.post("/transfers", "application/json", transferJson(from, to, "50.00"),
                Map.of("X-Correlation-Id", "transfer-corr-1"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        UUID id = UUID.fromString(created.json().path("transferId").asString());
        assertThat(created.json().path("version").asInt()).isEqualTo(1);
        assertThat(created.header("Location")).isEqualTo("/transfers/" + id);

        Http.Response read = asOwner.get("/transfers/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("ETag")).isEqualTo("\"1\"");
        assertThat(read.json().path("fromAccountId").asString()).isEqualTo(from.toString());
        assertThat(read.json().path("toAccountId").asString()).isEqualTo(to.toString());
        assertThat(read.json().path("amount").asString()).isEqualTo("50.00");
        assertThat(read.json().path("description").asString()).isEqualTo("test");
        assertThat(read.json().path("status").asString()).isEqualTo("NEW");
        assertThat(asOwner.get("/transfers/" + id, Map.of("If-None-Match", "\"1\"")).status()).isEqualTo(304);

        Http.Response history = asOwner.get("/transfers/" + id + "/history");
        assertThat(history.json().path("events")).singleElement().satisfies(e -> {
            assertThat(e.path("eventType").asString()).isEqualTo("MoneyTransferCreated");
            assertThat(e.path("correlationId").asString()).isEqualTo("transfer-corr-1");
        });
    }

    @Test
    void anIdempotencyKeyRetryReturnsTheSameTransferAndAppendsNothing() {
        String key = "key-" + UUID.randomUUID();
        Http.Response first = asOwner.post("/transfers", "application/json", transferJson(from, to, "12.50"),
                Map.of("Idempotency-Key", key));
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        long after = eventCount();

        Http.Response retry = asOwner.post("/transfers", "application/json", transferJson(from, to, "12.5"),
                Map.of("Idempotency-Key", key));
        assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
        assertThat(retry.json()).isEqualTo(first.json());
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        assertThat(first.header("Idempotent-Replayed")).isEqualTo("false");
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(eventCount()).isEqualTo(after);

        Http.Response other = asOwner.post("/transfers", "application/json", transferJson(from, to, "13.00"),
                Map.of("Idempotency-Key", key));
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.problemType()).isEqualTo("https://eventbank.io/problems/idempotency-key-reused");
        assertThat(eventCount()).isEqualTo(after);
    }

    @Test
    void fiftyParallelPostsWithOneKeyAndOneBodyCreateOneTransferAndGetOneAnswer() {
        String key = "race-" + UUID.randomUUID();
        long before = eventCount();
        List<Http.Response> answers = parallel(50, i -> asOwner.post("/transfers", "application/json",
                transferJson(from, to, "3.00"), Map.of("Idempotency-Key", key)));

        assertThat(answers).allSatisfy(a -> assertThat(a.status()).as(a.toString()).isEqualTo(201));
        assertThat(answers.stream().map(a -> a.json().toString()).distinct()).hasSize(1);
        assertThat(answers.stream().filter(a -> "false".equals(a.header("Idempotent-Replayed")))).hasSize(1);
        assertThat(eventCount()).isEqualTo(before + 1);
    }

    @Test
    void fiftyParallelPostsWithOneKeyAndDifferentBodiesCreateOneTransferAndRefuseTheRest() {
        String key = "race-" + UUID.randomUUID();
        long before = eventCount();
        List<Http.Response> answers = parallel(50, i -> asOwner.post("/transfers", "application/json",
                transferJson(from, to, "1." + (10 + i)), Map.of("Idempotency-Key", key)));

        assertThat(answers.stream().filter(a -> a.status() == 201)).hasSize(1);
        assertThat(answers.stream().filter(a -> a.status() != 201)).hasSize(49).allSatisfy(a -> {
            assertThat(a.status()).as(a.toString()).isEqualTo(422);
            assertThat(a.problemType()).isEqualTo("https://eventbank.io/problems/idempotency-key-reused");
        });
        assertThat(eventCount()).isEqualTo(before + 1);
    }

    /** {@code n} requests at once, each on its own virtual thread, released together. */
    private static List<Http.Response> parallel(int n, IntFunction<Http.Response> request) {
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Http.Response>> sent = IntStream.range(0, n).mapToObj(i -> threads.submit(() -> {
                start.await();
                return request.apply(i);
            })).toList();
            start.countDown();
            return sent.stream().map(f -> {
                try {
                    return f.get();
                } catch (InterruptedException | ExecutionException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
    }

    @Test
    void waitsForAnAccountThatIsNotReplicatedYet() {
        UUID late = UUID.randomUUID();
        CompletableFuture<Http.Response> response = CompletableFuture.supplyAsync(
                () -> asOwner.postJson("/transfers", transferJson(from, late, "1.00")));
        kafka().publish(io.eventbank.events.BankingEvents.ACCOUNT, late, 1,
                new io.eventbank.events.account.AccountOpened("o", "t", io.eventbank.events.Money.ZERO), "c");
        Http.Response answer = response.join();
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
    }

    static Stream<Arguments> badTransfers() {
        UUID a = UUID.randomUUID();
        return Stream.of(
                Arguments.of("negative amount", "{\"fromAccountId\":\"%1$s\",\"toAccountId\":\"%2$s\",\"amount\":-5}", 400, "validation-failed", "amount"),
                Arguments.of("zero amount", "{\"fromAccountId\":\"%1$s\",\"toAccountId\":\"%2$s\",\"amount\":0}", 400, "validation-failed", "amount"),
                Arguments.of("three decimals", "{\"fromAccountId\":\"%1$s\",\"toAccountId\":\"%2$s\",\"amount\":1.005}", 400, "validation-failed", "amount"),
                Arguments.of("huge amount", "{\"fromAccountId\":\"%1$s\",\"toAccountId\":\"%2$s\",\"amount\":1e12}", 400, "validation-failed", "amount"),
                Arguments.of("above maximum", "{\"fromAccountId\":\"%1$s\",\"toAccountId\":\"%2$s\",\"amount\":1000000000.01}", 400, "validation-failed", "amount"),
                Arguments.of("non-numeric amount", "{\"fromAccountId\":\"%1$s\",\"toAccountId\":\"%2$s\",\"amount\":\"ten\"}", 400, "validation-failed", "amount"),
                Arguments.of("missing amount", "{\"fromAccountId\":\"%1$s\",\"toAccountId\":\"%2$s\"}", 400, "validation-failed", "amount"),
                Arguments.of("missing source", "{\"toAccountId\":\"%2$s\",\"amount\":1}", 400, "validation-failed", "fromAccountId"),
                Arguments.of("missing destination", "{\"fromAccountId\":\"%1$s\",\"amount\":1}", 400, "validation-failed", "toAccountId"),
                Arguments.of("malformed account id", "{\"fromAccountId\":\"nope\",\"toAccountId\":\"%2$s\",\"amount\":1}", 400, "validation-failed", "fromAccountId"),
                Arguments.of("description too long", "{\"fromAccountId\":\"%1$s\",\"toAccountId\":\"%2$s\",\"amount\":1,\"description\":\"" + "d".repeat(501) + "\"}", 400, "validation-failed", "description"),
                Arguments.of("same source and destination", "{\"fromAccountId\":\"%1$s\",\"toAccountId\":\"%1$s\",\"amount\":1}", 422, "same-account", "toAccountId"),
                Arguments.of("unknown destination", "{\"fromAccountId\":\"%1$s\",\"toAccountId\":\"" + a + "\",\"amount\":1}", 422, "unknown-account", "toAccountId"),
                Arguments.of("malformed JSON", "{\"fromAccountId\":", 400, "malformed-request", null),
                Arguments.of("JSON array", "[1,2]", 400, "malformed-request", null),
                Arguments.of("oversized body", "{\"description\":\"" + "x".repeat(70_000) + "\"}", 413, "payload-too-large", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTransfers")
    void rejectsBadTransfersWithAProblemAndAppendsNothing(String name, String template, int status, String code,
                                                          String field) {
        long before = eventCount();
        assertProblem(asOwner.postJson("/transfers", template.formatted(from, to)), status, code, field);
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void rejectsAWrongContentTypeAndAnOverlongIdempotencyKey() {
        long before = eventCount();
        Http.Response wrongType = asOwner.post("/transfers", "application/xml", "<transfer/>", Map.of());
        assertThat(wrongType.status()).isEqualTo(415);
        assertThat(wrongType.problemType()).isEqualTo("https://eventbank.io/problems/unsupported-media-type");
        Http.Response longKey = asOwner.post("/transfers", "application/json", transferJson(from, to, "1"),
                Map.of("Idempotency-Key", "k".repeat(201)));
        assertThat(longKey.status()).as(longKey.toString()).isEqualTo(400);
        assertThat(longKey.errorFields()).contains("idempotencyKey");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void answers404ForUnknownTransfersAnd400ForMalformedIds() {
        UUID unknown = UUID.randomUUID();
        assertThat(asOwner.get("/transfers/" + unknown).status()).isEqualTo(404);
        assertThat(asOwner.get("/transfers/" + unknown + "/history").problemType())
                .isEqualTo("https://eventbank.io/problems/not-found");
        Http.Response malformed = asOwner.get("/transfers/xyz");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.errorFields()).containsExactly("transferId");
        assertThat(asOwner.send("PUT", "/transfers/" + unknown).status()).isEqualTo(405);
    }

    @Test
    void servesOpenApiAndReadiness() {
        Http.Response openApi = http.get("/v3/api-docs");
        assertThat(openApi.json().path("paths").has("/transfers")).isTrue();
        assertThat(openApi.json().path("info").path("title").asString()).isEqualTo("Eventbank transfers-service");
        assertThat(http.get("/swagger-ui/index.html").status()).isEqualTo(200);
        Http.Response readiness = http.get("/actuator/health/readiness");
        assertThat(readiness.status()).as(readiness.toString()).isEqualTo(200);
        assertThat(readiness.json().has("components")).isFalse();
        Http.Response detailed = http.bearer(Tokens.ops()).get("/actuator/health/readiness");
        assertThat(detailed.json().path("components").has("kafka")).isTrue();
        assertThat(detailed.json().path("components").has("db")).isTrue();
    }
}
