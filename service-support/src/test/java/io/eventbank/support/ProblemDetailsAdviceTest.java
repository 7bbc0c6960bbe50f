package io.eventbank.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventbank.testsupport.Http;
import io.eventbank.testsupport.Tokens;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

@SpringBootTest(classes = ProblemDetailsTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
                        + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
                "eventbank.web.max-request-body-size=1KB"})
class ProblemDetailsAdviceTest {

    @Value("${local.server.port}")
    int port;

    @Value("${logging.pattern.correlation}")
    String correlationPattern;

    private Http http;

    @BeforeEach
    void connect() {
        http = Http.localhost(port).bearer(Tokens.customer("tester"));
    }

    @DynamicPropertySource
    static void trustTestTokens(DynamicPropertyRegistry registry) {
        Tokens.resourceServerProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    private Http.Response postJson(String path, String json) {
        return http.postJson(path, json);
    }

    private static void assertProblem(Http.Response answer, int status, String code) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.problemType()).isEqualTo("https://eventbank.io/problems/" + code);
        assertThat(answer.json().path("status").asInt()).isEqualTo(status);
    }

    @Test
    void validationErrorsListEveryInvalidField() {
        Http.Response answer = postJson("/things", "{\"amount\": 0.001}");
        assertProblem(answer, 400, "validation-failed");
        assertThat(answer.errorFields()).containsExactlyInAnyOrder("amount", "amount", "id", "name");
        assertThat(answer.json().path("instance").asString()).isEqualTo("/things");
    }

    @Test
    void wrongJsonTypeNamesTheField() {
        Http.Response answer = postJson("/things", "{\"id\":\"" + UUID.randomUUID() + "\",\"name\":\"x\",\"amount\":\"abc\"}");
        assertProblem(answer, 400, "validation-failed");
        assertThat(answer.errorFields()).containsExactly("amount");
        assertThat(answer.json().path("errors").get(0).path("message").asString()).isEqualTo("must be a number");
    }

    @Test
    void malformedJsonIsABadRequest() {
        assertProblem(postJson("/things", "{\"name\": "), 400, "malformed-request");
        assertProblem(postJson("/things", ""), 400, "malformed-request");
    }

    @Test
    void declaredOversizedBodyIsRejectedWith413() {
        String big = "{\"name\":\"" + "x".repeat(2000) + "\"}";
        Http.Response answer = postJson("/things", big);
        assertProblem(answer, 413, "payload-too-large");
        assertThat(answer.json().path("instance").asString()).isEqualTo("/things");
        assertThat(answer.json().path("detail").asString()).contains("bytes");
        assertThat(answer.json().has("correlationId")).isTrue();
        assertThat(answer.json().has("properties")).isFalse();
    }

    @Test
    void chunkedOversizedBodyIsRejectedWith413() {
        byte[] big = ("{\"name\":\"" + "x".repeat(5000) + "\"}").getBytes();
        Http.Response answer = http.postChunked("/things", "application/json", big);
        assertProblem(answer, 413, "payload-too-large");
    }

    @Test
    void wrongContentTypeIs415() {
        Http.Response answer = http.post("/things", "text/plain", "hi", Map.of());
        assertProblem(answer, 415, "unsupported-media-type");
    }

    @Test
    void wrongMethodIs405() {
        Http.Response answer = http.send("DELETE", "/things");
        assertProblem(answer, 405, "method-not-allowed");
    }

    @Test
    void unknownPathAndUnknownIdAre404() {
        assertProblem(http.get("/nothing-here"), 404, "not-found");
        assertProblem(http.get("/things/" + UUID.randomUUID()), 404, "not-found");
    }

    @Test
    void badPathOrQueryParameterIsNamed() {
        Http.Response badId = http.get("/things/not-a-uuid");
        assertProblem(badId, 400, "invalid-parameter");
        assertThat(badId.errorFields()).containsExactly("id");
        Http.Response badVersion = http.get("/things/" + UUID.randomUUID() + "?atVersion=x");
        assertProblem(badVersion, 400, "invalid-parameter");
        assertThat(badVersion.errorFields()).containsExactly("atVersion");
    }

    @Test
    void domainExceptionIs422WithItsCode() {
        Http.Response answer = postJson("/things/" + UUID.randomUUID() + "/close", "");
        assertProblem(answer, 422, "thing-not-empty");
        assertThat(answer.json().path("code").asString()).isEqualTo("thing-not-empty");
    }

    @Test
    void optimisticLockingIs409() {
        assertProblem(postJson("/things/" + UUID.randomUUID() + "/race", ""), 409, "concurrent-modification");
    }

    @Test
    void correlationIdIsTakenEchoedAndVisibleToHandlers() {
        String body = "{\"id\":\"" + UUID.randomUUID() + "\",\"name\":\"x\",\"amount\":1.5}";
        Http.Response answer = http.post("/things", "application/json", body, Map.of("X-Correlation-Id", "abc-123"));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("X-Correlation-Id")).isEqualTo("abc-123");
        assertThat(answer.json().path("correlationId").asString()).isEqualTo("abc-123");
    }

    @Test
    void theRequestsTraceparentParentsItsSpanWhichEventsAppendedByItCarry() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        Http.Response answer = http.get("/trace",
                Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01", "X-Correlation-Id", "trace-corr-1"));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.header("X-Correlation-Id")).isEqualTo("trace-corr-1");
        JsonNode seen = answer.json();
        assertThat(seen.path("traceId").asString()).isEqualTo(traceId);
        String spanId = seen.path("spanId").asString();
        assertThat(spanId).hasSize(16).isNotEqualTo("00f067aa0ba902b7");
        assertThat(seen.path("correlationId").asString()).isEqualTo("trace-corr-1");
        assertThat(seen.path("baggage").asString()).isEqualTo("trace-corr-1");
        assertThat(seen.path("appendedCorrelationId").asString()).isEqualTo("trace-corr-1");
        assertThat(seen.path("appendedTraceparent").asString()).isEqualTo("00-" + traceId + "-" + spanId + "-01");
        // what a traced outgoing call of the handler would send: the trace and the correlation id as-is
        assertThat(seen.path("outgoing").path("traceparent").asString()).isEqualTo("00-" + traceId + "-" + spanId + "-01");
        assertThat(seen.path("outgoing").path("X-Correlation-Id").asString()).isEqualTo("trace-corr-1");
    }

    @Test
    void aRequestWithoutTraceparentStartsATraceWithItsNewCorrelationIdAsBaggage() {
        Http.Response answer = http.get("/trace");
        String created = Objects.requireNonNull(answer.header("X-Correlation-Id"));
        JsonNode seen = answer.json();
        assertThat(seen.path("traceId").asString()).hasSize(32);
        assertThat(seen.path("baggage").asString()).isEqualTo(created);
        assertThat(seen.path("appendedTraceparent").asString())
                .startsWith("00-" + seen.path("traceId").asString() + "-" + seen.path("spanId").asString());
    }

    @Test
    void logPatternIncludesTheCorrelationIdByDefault() {
        assertThat(correlationPattern).contains("%X{correlationId");
    }

    @Test
    void correlationIdIsCreatedWhenMissingAndReportedInProblems() {
        Http.Response answer = http.get("/things/" + UUID.randomUUID());
        String created = Objects.requireNonNull(answer.header("X-Correlation-Id"));
        assertThat(UUID.fromString(created)).isNotNull();
        assertThat(answer.json().path("correlationId").asString()).isEqualTo(created);
    }

    @Test
    void controlCharactersInTextAreAFieldError() {
        for (String text : new String[] {"bell\\u0007", "line\\nbreak", "nul\\u0000"}) {
            Http.Response answer = postJson("/things",
                    "{\"id\":\"" + UUID.randomUUID() + "\",\"name\":\"" + text + "\",\"amount\":1}");
            assertProblem(answer, 400, "validation-failed");
            assertThat(answer.errorFields()).containsExactly("name");
        }
    }

    @Test
    void duplicateKeysAreMalformed() {
        String id = UUID.randomUUID().toString();
        assertProblem(postJson("/things", "{\"id\":\"" + id + "\",\"name\":\"a\",\"name\":\"b\",\"amount\":1}"),
                400, "malformed-request");
    }

    @Test
    void malformedCorrelationIdIsRefusedWith400NamingTheHeader() {
        for (String bad : new String[] {"bad id with spaces", "x".repeat(129), "tab\there"}) {
            Http.Response answer = http.get("/things/" + UUID.randomUUID(), Map.of("X-Correlation-Id", bad));
            assertProblem(answer, 400, "invalid-header");
            assertThat(answer.json().path("detail").asString()).contains("X-Correlation-Id");
            String created = Objects.requireNonNull(answer.header("X-Correlation-Id"));
            assertThat(answer.json().path("correlationId").asString()).isEqualTo(created).isNotEqualTo(bad);
        }
    }
}
