package io.eventbank.web.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The three APIs' HTTP contract on a real port for the web app's slice tests: each {@code METHOD path} (query
 * included) answers what a test put there, as the service would; every request is recorded with its headers
 * and body. Unknown requests get the services' 404 problem.
 */
public final class StubApis implements AutoCloseable {

    public record Request(String method, String pathAndQuery, Map<String, List<String>> headers, String body) {

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    public record Answer(int status, String contentType, String body) {
    }

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile boolean hangingUp;

    public StubApis() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public StubApis json(String method, String pathAndQuery, int status, String body) {
        answers.put(method + " " + pathAndQuery, new Answer(status, "application/json", body));
        return this;
    }

    /** An RFC 9457 problem as the services write it: {@code type} ends in the code. */
    public StubApis problem(String method, String pathAndQuery, int status, String code, String detail, String errorsJson) {
        String body = "{\"type\":\"https://eventbank.io/problems/" + code + "\",\"title\":\"" + code + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\"" + (errorsJson == null ? "" : ",\"errors\":" + errorsJson) + "}";
        answers.put(method + " " + pathAndQuery, new Answer(status, "application/problem+json", body));
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Request> requests(String method, String pathPrefix) {
        return requests.stream().filter(r -> r.method().equals(method) && r.pathAndQuery().startsWith(pathPrefix)).toList();
    }

    public void reset() {
        answers.clear();
        requests.clear();
        hangingUp = false;
    }

    /** Every request from now on is cut off without an answer, as by a service that died mid-request. */
    public void hangUp() {
        hangingUp = true;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String pathAndQuery = exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(exchange.getRequestMethod(), pathAndQuery, Map.copyOf(exchange.getRequestHeaders()), body));
        if (hangingUp) {
            exchange.close();
            return;
        }
        Answer answer = answers.get(exchange.getRequestMethod() + " " + pathAndQuery);
        if (answer == null) {
            answer = new Answer(404, "application/problem+json",
                    "{\"type\":\"https://eventbank.io/problems/not-found\",\"title\":\"Not Found\",\"status\":404}");
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
