package io.eventbank.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.StreamingHttpOutputMessage;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP client of the tests: Spring's {@link RestClient} on the JDK's {@link HttpClient} (HTTP/1.1),
 * against one service (methods taking a path, resolved on the base URL) or any (methods taking an
 * absolute {@link URI}). Every request gets a {@link Response}: 4xx and 5xx are answers like any other,
 * and a request that got no answer at all (connection refused or reset, timed out, interrupted) has
 * status -1 and says why in {@link Response#error()}. Tests assert on the status.
 */
public final class Http {

    /** How long a connection may take to open. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** How long an answer may take unless {@link #timeout(Duration)} says otherwise: more than the views' longest wait (30 s). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(40);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String baseUrl;
    private final HttpClient client;
    private final Duration timeout;
    private final String bearer;
    private final RestClient rest;

    /** A client for absolute URIs only. */
    public Http() {
        this(null);
    }

    /** A client for paths on {@code baseUrl} (such as {@code http://localhost:8080}) and absolute URIs. */
    public Http(String baseUrl) {
        this(baseUrl, HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).version(HttpClient.Version.HTTP_1_1)
                .build(), DEFAULT_TIMEOUT, null);
    }

    private Http(String baseUrl, HttpClient client, Duration timeout, String bearer) {
        this.baseUrl = baseUrl;
        this.client = client;
        this.timeout = timeout;
        this.bearer = bearer;
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(client);
        requests.setReadTimeout(timeout);
        this.rest = RestClient.builder().requestFactory(requests).build();
    }

    /** A client for paths on {@code http://localhost:<port>}. */
    public static Http localhost(int port) {
        return new Http("http://localhost:" + port);
    }

    /** This client (same base URL, same connections) with another answer timeout. */
    public Http timeout(Duration timeout) {
        return new Http(baseUrl, client, timeout, bearer);
    }

    /**
     * This client (same base URL, same connections) sending {@code Authorization: Bearer token} with
     * every request that does not name its own {@code Authorization}; null: none.
     */
    public Http bearer(String token) {
        return new Http(baseUrl, client, timeout, token);
    }

    public Response get(String path) {
        return get(path, Map.of());
    }

    public Response get(String path, Map<String, String> headers) {
        return send("GET", uri(path), null, null, headers);
    }

    public Response get(URI uri) {
        return send("GET", uri, null, null, Map.of());
    }

    public Response postJson(String path, String json) {
        return postJson(uri(path), json, Map.of());
    }

    public Response postJson(URI uri, String json, Map<String, String> headers) {
        return send("POST", uri, MediaType.APPLICATION_JSON_VALUE, json, headers);
    }

    /** A POST without a body. */
    public Response post(String path) {
        return send("POST", uri(path), null, null, Map.of());
    }

    /** A POST of {@code body} as it is, with this Content-Type (none if null). */
    public Response post(String path, String contentType, String body, Map<String, String> headers) {
        return send("POST", uri(path), contentType, body, headers);
    }

    /** A request without a body. */
    public Response send(String method, String path) {
        return send(method, uri(path), null, null, Map.of());
    }

    public Response send(String method, String path, String contentType, String body, Map<String, String> headers) {
        return send(method, uri(path), contentType, body, headers);
    }

    /**
     * Any method; {@code body} (UTF-8, sent with its Content-Length) and {@code contentType} may be null,
     * {@code headers} go as they are.
     */
    public Response send(String method, URI uri, String contentType, String body, Map<String, String> headers) {
        byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        return exchange(method, uri, contentType, headers, spec -> bytes == null ? spec : spec.body(bytes));
    }

    /** A POST of {@code body} in chunks (Transfer-Encoding: chunked), without a Content-Length. */
    public Response postChunked(String path, String contentType, byte[] body) {
        return postChunked(uri(path), contentType, body, Map.of());
    }

    /** A POST of {@code body} in chunks to any URI, with these headers. */
    public Response postChunked(URI uri, String contentType, byte[] body, Map<String, String> headers) {
        StreamingHttpOutputMessage.Body chunked = out -> out.write(body);
        return exchange("POST", uri, contentType, headers, spec -> spec.body(chunked));
    }

    /** {@code value} as JSON. */
    public static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    private Response exchange(String method, URI uri, String contentType, Map<String, String> headers,
                              java.util.function.UnaryOperator<RestClient.RequestBodySpec> body) {
        RestClient.RequestBodySpec spec = rest.method(HttpMethod.valueOf(method)).uri(uri)
                .headers(h -> {
                    headers.forEach(h::add);
                    if (bearer != null && !h.containsHeader(HttpHeaders.AUTHORIZATION)) {
                        h.setBearerAuth(bearer);
                    }
                });
        if (contentType != null) {
            spec.header(HttpHeaders.CONTENT_TYPE, contentType);
        }
        try {
            return body.apply(spec).exchangeForRequiredValue((request, response) -> {
                HttpHeaders received = HttpHeaders.copyOf(response.getHeaders());
                byte[] content = response.getBody().readAllBytes();
                return new Response(response.getStatusCode().value(), received,
                        new String(content, charset(received)), null);
            });
        } catch (ResourceAccessException e) {
            Throwable cause = e.getCause() instanceof IOException io ? io : e;
            return new Response(-1, HttpHeaders.EMPTY, null, cause.getClass().getSimpleName() + ": " + cause.getMessage());
        }
    }

    /** The Content-Type's charset, UTF-8 without one. */
    private static Charset charset(HttpHeaders headers) {
        String type = headers.getFirst(HttpHeaders.CONTENT_TYPE);
        try {
            Charset charset = type == null ? null : MediaType.parseMediaType(type).getCharset();
            return charset == null ? StandardCharsets.UTF_8 : charset;
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }

    private URI uri(String path) {
        if (baseUrl == null) {
            throw new IllegalStateException("this client has no base URL: give it an absolute URI, not " + path);
        }
        return URI.create(baseUrl + path);
    }

    /**
     * One answer: status, headers and body; {@code status} -1 (and {@code error}) when there was none,
     * with no headers and a null body.
     */
    public record Response(int status, HttpHeaders headers, String body, String error) {

        /** The header's first value, null without it. */
        public String header(String name) {
            return headers.getFirst(name);
        }

        /** The Content-Type, "" without one. */
        public String contentType() {
            String type = header(HttpHeaders.CONTENT_TYPE);
            return type == null ? "" : type;
        }

        /** The body as JSON when the Content-Type is JSON (problems included) and there is a body; an empty object otherwise. */
        public JsonNode json() {
            return !contentType().contains("json") || body == null || body.isBlank() ? JSON.createObjectNode()
                    : JSON.readTree(body);
        }

        /** The RFC 9457 problem's {@code type}. */
        public String problemType() {
            return json().path("type").asString();
        }

        /** The {@code field} of each of the problem's {@code errors}. */
        public List<String> errorFields() {
            return json().path("errors").valueStream().map(e -> e.path("field").asString()).toList();
        }

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public boolean noAnswer() {
            return status < 0;
        }

        public boolean serverError() {
            return status >= 500;
        }

        @Override
        public String toString() {
            return status + " " + (error != null ? error : contentType() + " "
                    + (body.length() > 1000 ? body.substring(0, 1000) + "..." : body));
        }
    }
}
