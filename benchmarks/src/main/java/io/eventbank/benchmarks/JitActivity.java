package io.eventbank.benchmarks;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cumulative JIT compilation time of each JVM under test: the services' Actuator metric
 * {@code jvm.compilation.time} (Micrometer's JvmCompilationMetrics) and this JVM's
 * {@link CompilationMXBean} (the benchmark JVM also runs the Kafka broker and the MongoDB stand-in).
 */
final class JitActivity {

    private static final String METRIC_PATH = "/actuator/metrics/jvm.compilation.time";

    private final HttpClient http;
    private final JsonMapper json;
    private final Map<String, URI> services;

    JitActivity(HttpClient http, JsonMapper json, Map<String, URI> services) {
        this.http = http;
        this.json = json;
        this.services = services;
    }

    /** Milliseconds compiled so far per JVM; a JVM whose figure cannot be read is left out. */
    Map<String, Double> totalsMs() {
        Map<String, Double> totals = new LinkedHashMap<>();
        services.forEach((name, base) -> read(base).ifPresent(ms -> totals.put(name, ms)));
        CompilationMXBean own = ManagementFactory.getCompilationMXBean();
        if (own != null && own.isCompilationTimeMonitoringSupported()) {
            totals.put(CpuUsage.BENCHMARK, (double) own.getTotalCompilationTime());
        }
        return totals;
    }

    private Optional<Double> read(URI base) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve(METRIC_PATH))
                    .header("Authorization", BenchTokens.bearer(BenchTokens.OPS_TOKEN))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return Optional.empty();
            }
            for (JsonNode m : json.readTree(r.body()).path("measurements")) {
                if (m.path("value").isNumber()) {
                    return Optional.of(m.path("value").asDouble());
                }
            }
            return Optional.empty();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return Optional.empty();
        }
    }
}
