package io.eventbank.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The tests' client against a JDK HTTP server: answers of every status, what it sends, and no answer. */
class HttpTest {

    private static HttpServer server;
    private static final CountDownLatch RELEASE = new CountDownLatch(1);
    private static Http http;

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/problem", e -> answer(e, 404, "application/problem+json",
                "{\"type\":\"https://eventbank.io/problems/not-found\",\"errors\":[{\"field\":\"id\"},{\"field\":\"page\"}]}",
                Map.of("X-Correlation-Id", "c-1")));
        server.createContext("/broken", e -> answer(e, 500, "text/plain", "boom", Map.of()));
        server.createContext("/empty", e -> answer(e, 304, null, "", Map.of("ETag", "\"1\"")));
        server.createContext("/echo", e -> {
            var h = e.getRequestHeaders();
            String body = new String(e.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            answer(e, 200, "application/json", Http.json(Map.of(
                    "method", e.getRequestMethod(),
                    "contentType", String.valueOf(h.getFirst("Content-Type")),
                    "contentLength", String.valueOf(h.getFirst("Content-Length")),
                    "transferEncoding", String.valueOf(h.getFirst("Transfer-Encoding")),
                    "accept", String.valueOf(h.getFirst("Accept")),
                    "custom", String.valueOf(h.getFirst("X-Custom")),
                    "query", String.valueOf(e.getRequestURI().getRawQuery()),
                    "body", body)), Map.of());
        });
        server.createContext("/slow", e -> {
            try {
                RELEASE.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            answer(e, 200, "text/plain", "late", Map.of());
        });
        server.start();
        http = Http.localhost(server.getAddress().getPort());
    }

    @AfterAll
    static void stop() {
        RELEASE.countDown();
        server.stop(0);
    }

    private static void answer(HttpExchange exchange, int status, String contentType, String body,
                               Map<String, String> headers) throws IOException {
        exchange.getRequestBody().readAllBytes();
        if (contentType != null) {
            exchange.getResponseHeaders().add("Content-Type", contentType);
        }
        headers.forEach(exchange.getResponseHeaders()::add);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Test
    void aProblemIsAnAnswerWithItsStatusHeadersAndJson() {
        Http.Response problem = http.get("/problem");
        assertThat(problem.status()).isEqualTo(404);
        assertThat(problem.ok()).isFalse();
        assertThat(problem.noAnswer()).isFalse();
        assertThat(problem.header("Content-Type")).startsWith("application/problem+json");
        assertThat(problem.header("x-correlation-id")).isEqualTo("c-1");
        assertThat(problem.problemType()).isEqualTo("https://eventbank.io/problems/not-found");
        assertThat(problem.errorFields()).containsExactly("id", "page");
        Problems.assertProblem(problem, 404, "not-found", "page");
    }

    @Test
    void aServerErrorIsAnAnswerTooAndABodyThatIsNotJsonReadsAsAnEmptyObject() {
        Http.Response broken = http.send("DELETE", "/broken");
        assertThat(broken.status()).isEqualTo(500);
        assertThat(broken.serverError()).isTrue();
        assertThat(broken.body()).isEqualTo("boom");
        assertThat(broken.json().isEmpty()).isTrue();
        assertThat(broken.toString()).isEqualTo("500 text/plain boom");

        Http.Response notModified = http.get("/empty", Map.of("If-None-Match", "\"1\""));
        assertThat(notModified.status()).isEqualTo(304);
        assertThat(notModified.header("ETag")).isEqualTo("\"1\"");
        assertThat(notModified.json().isEmpty()).isTrue();
        assertThat(notModified.contentType()).isEmpty();
    }

    @Test
    void sendsTheBodyAsItIsWithItsContentTypeLengthAndHeaders() {
        JsonNodeAssert json = new JsonNodeAssert(http.post("/echo?a=1&asOf=2000-01-01T00:00:00Z", "text/plain",
                "ownerId=ö", Map.of("X-Custom", "v")));
        json.has("method", "POST").has("contentType", "text/plain").has("contentLength", "10")
                .has("transferEncoding", "null").has("accept", "null").has("custom", "v")
                .has("query", "a=1&asOf=2000-01-01T00:00:00Z").has("body", "ownerId=ö");

        new JsonNodeAssert(http.postJson("/echo", "{\"x\":1}")).has("contentType", "application/json")
                .has("contentLength", "7").has("body", "{\"x\":1}");
        new JsonNodeAssert(http.post("/echo")).has("method", "POST").has("contentType", "null")
                .has("contentLength", "0").has("body", "");
        new JsonNodeAssert(http.send("PATCH", "/echo", "application/json", "{}", Map.of())).has("method", "PATCH")
                .has("body", "{}");
    }

    @Test
    void sendsAChunkedBodyWithoutALength() {
        new JsonNodeAssert(http.postChunked("/echo", "application/json", "{\"name\":\"x\"}".getBytes()))
                .has("transferEncoding", "chunked").has("contentLength", "null").has("body", "{\"name\":\"x\"}");
    }

    @Test
    void aClientWithoutBaseTakesAbsoluteUris() {
        Http absolute = new Http();
        URI echo = URI.create("http://localhost:" + server.getAddress().getPort() + "/echo");
        new JsonNodeAssert(absolute.postJson(echo, "{}", Map.of("X-Custom", "w"))).has("custom", "w");
        assertThat(absolute.get(echo).ok()).isTrue();
        assertThatThrownBy(() -> absolute.get("/echo")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void noAnswerIsStatusMinusOneWithTheReason() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Http.Response refused = Http.localhost(closedPort).get("/");
        assertThat(refused.status()).isEqualTo(-1);
        assertThat(refused.noAnswer()).isTrue();
        assertThat(refused.error()).contains("Exception");
        assertThat(refused.headers().isEmpty()).isTrue();

        Http.Response late = http.timeout(Duration.ofMillis(300)).get("/slow");
        assertThat(late.noAnswer()).as(late.toString()).isTrue();
        assertThat(late.toString()).startsWith("-1 ");
    }

    /** Reads the echo's JSON. */
    private record JsonNodeAssert(Http.Response response) {
        JsonNodeAssert has(String field, String value) {
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            assertThat(response.json().path(field).asString()).as(field).isEqualTo(value);
            return this;
        }
    }
}
