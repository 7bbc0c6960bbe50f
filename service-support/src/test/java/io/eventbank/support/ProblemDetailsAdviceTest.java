package io.eventbank.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(classes = ProblemDetailsTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
                        + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
                "eventbank.web.max-request-body-size=1KB"})
class ProblemDetailsAdviceTest {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    @Value("${local.server.port}")
    int port;

    @Value("${logging.pattern.correlation}")
    String correlationPattern;

    record Answer(int status, HttpResponse<String> response, JsonNode body) {
        String type() {
            return body.path("type").asString();
        }

        List<String> fields() {
            return body.path("errors").valueStream().map(e -> e.path("field").asString()).toList();
        }
    }

    private Answer send(String method, String path, String contentType, HttpRequest.BodyPublisher body,
                        Map<String, String> headers) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body);
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        headers.forEach(builder::header);
        HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        return new Answer(response.statusCode(), response, json);
    }

    private Answer postJson(String path, String json) throws Exception {
        return send("POST", path, "application/json", HttpRequest.BodyPublishers.ofString(json), Map.of());
    }

    private static void assertProblem(Answer answer, int status, String code) {
        assertThat(answer.status()).as(answer.response().body()).isEqualTo(status);
        assertThat(answer.response().headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/problem+json"));
        assertThat(answer.type()).isEqualTo("https://eventbank.io/problems/" + code);
        assertThat(answer.body().path("status").asInt()).isEqualTo(status);
    }

    @Test
    void validationErrorsListEveryInvalidField() throws Exception {
        Answer answer = postJson("/things", "{\"amount\": 0.001}");
        assertProblem(answer, 400, "validation-failed");
        assertThat(answer.fields()).containsExactlyInAnyOrder("amount", "amount", "id", "name");
        assertThat(answer.body().path("instance").asString()).isEqualTo("/things");
    }

    @Test
    void wrongJsonTypeNamesTheField() throws Exception {
        Answer answer = postJson("/things", "{\"id\":\"" + UUID.randomUUID() + "\",\"name\":\"x\",\"amount\":\"abc\"}");
        assertProblem(answer, 400, "validation-failed");
        assertThat(answer.fields()).containsExactly("amount");
        assertThat(answer.body().path("errors").get(0).path("message").asString()).isEqualTo("must be a number");
    }

    @Test
    void malformedJsonIsABadRequest() throws Exception {
        assertProblem(postJson("/things", "{\"name\": "), 400, "malformed-request");
        assertProblem(postJson("/things", ""), 400, "malformed-request");
    }

    @Test
    void declaredOversizedBodyIsRejectedWith413() throws Exception {
        String big = "{\"name\":\"" + "x".repeat(2000) + "\"}";
        Answer answer = postJson("/things", big);
        assertProblem(answer, 413, "payload-too-large");
        assertThat(answer.body().path("instance").asString()).isEqualTo("/things");
        assertThat(answer.body().path("detail").asString()).contains("bytes");
        assertThat(answer.body().has("correlationId")).isTrue();
        assertThat(answer.body().has("properties")).isFalse();
    }

    @Test
    void chunkedOversizedBodyIsRejectedWith413() throws Exception {
        byte[] big = ("{\"name\":\"" + "x".repeat(5000) + "\"}").getBytes();
        Answer answer = send("POST", "/things", "application/json",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)), Map.of());
        assertProblem(answer, 413, "payload-too-large");
    }

    @Test
    void wrongContentTypeIs415() throws Exception {
        Answer answer = send("POST", "/things", "text/plain", HttpRequest.BodyPublishers.ofString("hi"), Map.of());
        assertProblem(answer, 415, "unsupported-media-type");
    }

    @Test
    void wrongMethodIs405() throws Exception {
        Answer answer = send("DELETE", "/things", null, HttpRequest.BodyPublishers.noBody(), Map.of());
        assertProblem(answer, 405, "method-not-allowed");
    }

    @Test
    void unknownPathAndUnknownIdAre404() throws Exception {
        assertProblem(send("GET", "/nothing-here", null, HttpRequest.BodyPublishers.noBody(), Map.of()), 404, "not-found");
        assertProblem(send("GET", "/things/" + UUID.randomUUID(), null, HttpRequest.BodyPublishers.noBody(), Map.of()),
                404, "not-found");
    }

    @Test
    void badPathOrQueryParameterIsNamed() throws Exception {
        Answer badId = send("GET", "/things/not-a-uuid", null, HttpRequest.BodyPublishers.noBody(), Map.of());
        assertProblem(badId, 400, "invalid-parameter");
        assertThat(badId.fields()).containsExactly("id");
        Answer badVersion = send("GET", "/things/" + UUID.randomUUID() + "?atVersion=x", null,
                HttpRequest.BodyPublishers.noBody(), Map.of());
        assertProblem(badVersion, 400, "invalid-parameter");
        assertThat(badVersion.fields()).containsExactly("atVersion");
    }

    @Test
    void domainExceptionIs422WithItsCode() throws Exception {
        Answer answer = postJson("/things/" + UUID.randomUUID() + "/close", "");
        assertProblem(answer, 422, "thing-not-empty");
        assertThat(answer.body().path("code").asString()).isEqualTo("thing-not-empty");
    }

    @Test
    void optimisticLockingIs409() throws Exception {
        assertProblem(postJson("/things/" + UUID.randomUUID() + "/race", ""), 409, "concurrent-modification");
    }

    @Test
    void correlationIdIsTakenEchoedAndVisibleToHandlers() throws Exception {
        String body = "{\"id\":\"" + UUID.randomUUID() + "\",\"name\":\"x\",\"amount\":1.5}";
        Answer answer = send("POST", "/things", "application/json", HttpRequest.BodyPublishers.ofString(body),
                Map.of("X-Correlation-Id", "abc-123"));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.response().headers().firstValue("X-Correlation-Id")).contains("abc-123");
        assertThat(answer.body().path("correlationId").asString()).isEqualTo("abc-123");
    }

    @Test
    void theRequestsTraceparentParentsItsSpanWhichEventsAppendedByItCarry() throws Exception {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        Answer answer = send("GET", "/trace", null, HttpRequest.BodyPublishers.noBody(),
                Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01", "X-Correlation-Id", "trace-corr-1"));
        assertThat(answer.status()).as(answer.response().body()).isEqualTo(200);
        assertThat(answer.response().headers().firstValue("X-Correlation-Id")).contains("trace-corr-1");
        JsonNode seen = answer.body();
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
    void aRequestWithoutTraceparentStartsATraceAndAnInsaneCorrelationIdIsNotItsBaggage() throws Exception {
        Answer answer = send("GET", "/trace", null, HttpRequest.BodyPublishers.noBody(),
                Map.of("X-Correlation-Id", "bad id with spaces"));
        String created = answer.response().headers().firstValue("X-Correlation-Id").orElseThrow();
        JsonNode seen = answer.body();
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
    void correlationIdIsCreatedWhenMissingOrInsaneAndReportedInProblems() throws Exception {
        Answer answer = send("GET", "/things/" + UUID.randomUUID(), null, HttpRequest.BodyPublishers.noBody(),
                Map.of("X-Correlation-Id", "bad id with spaces"));
        String created = answer.response().headers().firstValue("X-Correlation-Id").orElseThrow();
        assertThat(UUID.fromString(created)).isNotNull();
        assertThat(answer.body().path("correlationId").asString()).isEqualTo(created);
    }
}
