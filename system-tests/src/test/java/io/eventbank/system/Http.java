package io.eventbank.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Small JSON-over-HTTP client on {@link HttpClient}. Transport failures come back as status -1. */
final class Http {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** One answer; {@code status} -1 means no answer at all (connection refused, reset, timeout). */
    record Answer(int status, String contentType, String body, String error) {

        JsonNode json() {
            return body == null || body.isBlank() ? JSON.nullNode() : JSON.readTree(body);
        }

        boolean ok() {
            return status >= 200 && status < 300;
        }

        boolean noAnswer() {
            return status < 0;
        }

        boolean serverError() {
            return status >= 500;
        }

        @Override
        public String toString() {
            return status + " " + (error != null ? error : contentType + " "
                    + (body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "..." : body));
        }
    }

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    Answer get(URI uri) {
        return send(HttpRequest.newBuilder(uri).GET(), Duration.ofSeconds(40));
    }

    Answer postJson(URI uri, String json, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(builder::header);
        return send(builder, Duration.ofSeconds(15));
    }

    Answer send(HttpRequest.Builder builder, Duration timeout) {
        HttpRequest request = builder.timeout(timeout).build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), null);
        } catch (IOException e) {
            return new Answer(-1, "", null, e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, "", null, "interrupted");
        }
    }

    static String json(Object value) {
        return JSON.writeValueAsString(value);
    }
}
