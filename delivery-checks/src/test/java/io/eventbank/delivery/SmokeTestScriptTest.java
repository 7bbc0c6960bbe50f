package io.eventbank.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs docker/smoke-test.sh (bash + curl) against in-process HTTP servers that play the three
 * services by the API contract, including the eventual-consistency answers (422 before the
 * transfers service knows an account, 409 while the view is behind).
 */
class SmokeTestScriptTest {

    enum Outcome { COMPLETES, FAILS, BALANCES_NEVER_MOVE }

    private final Map<String, BigDecimal> balances = new ConcurrentHashMap<>();
    private final AtomicInteger transferPosts = new AtomicInteger();
    private final AtomicInteger transferViewReads = new AtomicInteger();
    private final List<HttpServer> servers = new java.util.ArrayList<>();
    /** Requests whose Authorization header was not the one the script must send for them. */
    private final List<String> wrongTokens = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Outcome outcome;

    @AfterEach
    void stopServers() {
        servers.forEach(s -> s.stop(0));
    }

    @Test
    void passesWhenTheTransferCompletesAndBalancesMove() throws Exception {
        ShellScriptsTest.Result result = runSmokeTest(Outcome.COMPLETES);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("smoke: opening account", "transfers service does not know the accounts yet (422)",
                "-> COMPLETED", "balance 75.00", "balance 35.00", "smoke: OK");
        assertThat(transferPosts).hasValue(2);
        assertThat(wrongTokens).as("the teller opens, the customer transfers and reads").isEmpty();
        assertThat(transferViewReads.get()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void failsWithTheReasonWhenTheTransferFails() throws Exception {
        ShellScriptsTest.Result result = runSmokeTest(Outcome.FAILS);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).contains("smoke: FAILED: transfer", "ended FAILED");
    }

    @Test
    void failsWhenTheViewNeverShowsTheMovedBalances() throws Exception {
        ShellScriptsTest.Result result = runSmokeTest(Outcome.BALANCES_NEVER_MOVE);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).contains("-> COMPLETED", "expected balance 75.00");
    }

    private ShellScriptsTest.Result runSmokeTest(Outcome outcome) throws Exception {
        this.outcome = outcome;
        String accounts = serve(this::accounts);
        String transfers = serve(this::transfers);
        String view = serve(this::view);
        return ShellScriptsTest.run(List.of("env", "SMOKE_TIMEOUT=4", "SMOKE_TELLER_TOKEN=" + TELLER,
                "SMOKE_CUSTOMER_TOKEN=" + CUSTOMER, "bash", "docker/smoke-test.sh", accounts, transfers, view));
    }

    private static final String TELLER = "teller-token";
    private static final String CUSTOMER = "customer-token";

    private void expectToken(HttpExchange exchange, String token) {
        String sent = exchange.getRequestHeaders().getFirst("Authorization");
        if (!("Bearer " + token).equals(sent)) {
            wrongTokens.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + ": " + sent);
        }
    }

    private void accounts(HttpExchange exchange, String body) throws IOException {
        if (exchange.getRequestMethod().equals("POST") && exchange.getRequestURI().getPath().equals("/accounts")) {
            expectToken(exchange, TELLER);
            String id = UUID.randomUUID().toString();
            balances.put(id, new BigDecimal(field(body, "initialBalance")));
            respond(exchange, 201, "{\"accountId\":\"" + id + "\",\n  \"version\":1}");
        } else {
            respond(exchange, 404, "{}");
        }
    }

    private void transfers(HttpExchange exchange, String body) throws IOException {
        expectToken(exchange, CUSTOMER);
        if (transferPosts.incrementAndGet() == 1) {
            respond(exchange, 422, "{\"type\":\"urn:problem:unknown-account\",\"status\":422}");
            return;
        }
        BigDecimal amount = new BigDecimal(field(body, "amount"));
        if (outcome == Outcome.COMPLETES) {
            balances.computeIfPresent(field(body, "fromAccountId"), (k, v) -> v.subtract(amount));
            balances.computeIfPresent(field(body, "toAccountId"), (k, v) -> v.add(amount));
        }
        respond(exchange, 201, "{\"transferId\":\"" + UUID.randomUUID() + "\",\"version\":1}");
    }

    private void view(HttpExchange exchange, String body) throws IOException {
        String path = exchange.getRequestURI().getPath();
        expectToken(exchange, CUSTOMER);
        if (path.startsWith("/transfers/")) {
            if (transferViewReads.incrementAndGet() == 1) {
                respond(exchange, 409, "{\"type\":\"view-not-up-to-date\",\"currentVersion\":0}");
                return;
            }
            String status = outcome == Outcome.FAILS ? "FAILED" : "COMPLETED";
            respond(exchange, 200, "{\"transferId\":\"" + path.substring(11) + "\",\"status\":\"" + status
                    + "\",\"version\":3}");
        } else if (path.startsWith("/accounts/")) {
            String id = path.substring(10);
            respond(exchange, 200, "{\"accountId\":\"" + id + "\",\"ownerId\":\"o\",\"title\":\"t\",\"balance\":"
                    + balances.get(id).toPlainString() + ",\"status\":\"OPEN\",\"version\":2,"
                    + "\"recentTransfers\":[{\"status\":\"X\",\"balance\":\"1.00\"}],\"recentChanges\":[]}");
        } else {
            respond(exchange, 404, "{}");
        }
    }

    interface Handler {
        void handle(HttpExchange exchange, String body) throws IOException;
    }

    private String serve(Handler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (exchange.getRequestURI().getPath().equals("/actuator/health/readiness")) {
                respond(exchange, 200, "{\"status\":\"UP\"}");
            } else {
                handler.handle(exchange, body);
            }
        });
        server.start();
        servers.add(server);
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalArgumentException(name + " missing in " + json);
        }
        return m.group(1);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
