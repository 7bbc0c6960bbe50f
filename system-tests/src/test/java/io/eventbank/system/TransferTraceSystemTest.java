package io.eventbank.system;

import static io.eventbank.localstack.ServiceDefinition.ACCOUNTS;
import static io.eventbank.localstack.ServiceDefinition.ACCOUNT_VIEW;
import static io.eventbank.localstack.ServiceDefinition.TRANSFERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventbank.localstack.ServiceDefinition;
import io.eventbank.testsupport.Http;
import io.eventbank.testsupport.Tokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One transfer's trace across the three service processes: the client's W3C {@code traceparent}
 * parents the request's span in transfers-service, goes with the events (stored metadata, Kafka
 * header) to the accounts-service handlers, back to transfers-service and to the view, and every
 * log line written while handling it carries its trace id and the client's correlation id. The
 * services log each delivered event at DEBUG (the subscription runtime's line) for this test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransferTraceSystemTest {

    private static final Path OUT = Path.of("target", "system-tests", "trace");

    private ServiceStack stack;
    private final Http http = new Http().bearer(Tokens.customer("trace"));
    private final Http commands = http.timeout(Duration.ofSeconds(15));

    @BeforeAll
    void startStack() throws IOException {
        Files.createDirectories(OUT);
        stack = ServiceStack.start(OUT.resolve("logs").toAbsolutePath(),
                Map.of("LOGGING_LEVEL_IO_EVENTBANK_EVENTSTORE_SUBSCRIPTION", "DEBUG"), ServiceDefinition.APIS);
    }

    @AfterAll
    void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void oneTransfersTraceIdFollowsItThroughTheThreeServicesLogsAndEvents() {
        try {
            follow();
        } catch (AssertionError | RuntimeException failure) {
            System.out.println(stack.logTails());
            throw failure;
        }
    }

    private void follow() {
        UUID from = openAccount("100.00");
        UUID to = openAccount("0.00");
        HexFormat hex = HexFormat.of();
        String traceId = hex.formatHex(randomBytes(16));
        String clientSpanId = hex.formatHex(randomBytes(8));
        String correlationId = "trace-test-" + UUID.randomUUID();

        Http.Response created = commands.postJson(stack.uri(TRANSFERS).resolve("/transfers"),
                "{\"fromAccountId\":\"" + from + "\",\"toAccountId\":\"" + to
                        + "\",\"amount\":\"12.50\",\"description\":\"traced\"}",
                Map.of("traceparent", "00-" + traceId + "-" + clientSpanId + "-01",
                        "X-Correlation-Id", correlationId,
                        "Idempotency-Key", "trace-" + UUID.randomUUID()));
        assertThat(created.status()).as("create transfer: %s", created).isEqualTo(201);
        String transferId = created.json().get("transferId").asString();

        await("transfer " + transferId + " COMPLETED in the view").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    Http.Response view = http.get(stack.uri(ACCOUNT_VIEW).resolve("/transfers/" + transferId));
                    return view.ok() && "COMPLETED".equals(view.json().path("status").asString());
                });

        // every hop: accounts handles the transfer's events (after transfers' request span), transfers
        // the accounts' answers, the view the final one; each line has the trace id and the correlation id
        assertLogged(ACCOUNTS, traceId, correlationId, "accounts-service delivers MoneyTransferCreated",
                "accounts-service delivers DebitRecorded");
        assertLogged(TRANSFERS, traceId, correlationId, "transfers-service delivers AccountDebited",
                "transfers-service delivers AccountCredited");
        assertLogged(ACCOUNT_VIEW, traceId, correlationId, "delivers MoneyTransferCreated",
                "delivers AccountDebited", "delivers CreditRecorded");

        // and the events themselves: stored with the correlation id as today and the trace context
        List<String[]> transferEvents = events(TRANSFERS, "aggregate_id = ?::uuid", transferId);
        List<String[]> accountEvents = events(ACCOUNTS, "payload->>'transferId' = ?", transferId);
        assertThat(transferEvents).extracting(e -> e[0])
                .contains("MoneyTransferCreated", "DebitRecorded", "CreditRecorded");
        assertThat(accountEvents).extracting(e -> e[0]).containsExactly("AccountDebited", "AccountCredited");
        List<String[]> all = new ArrayList<>(transferEvents);
        all.addAll(accountEvents);
        assertThat(all).allSatisfy(e -> {
            assertThat(e[1]).as("correlation id of %s", e[0]).isEqualTo(correlationId);
            assertThat(e[2]).as("traceparent of %s", e[0]).matches("00-" + traceId + "-[0-9a-f]{16}-01");
        });
        // each event names the span that appended it: the request's, then each handler's, never the client's
        assertThat(all).extracting(e -> e[2].split("-")[2]).doesNotHaveDuplicates().doesNotContain(clientSpanId);
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        bytes[0] |= 1; // never the all-zero (invalid) id
        return bytes;
    }

    private UUID openAccount(String balance) {
        Http.Response answer = commands.bearer(Tokens.teller()).postJson(stack.uri(ACCOUNTS).resolve("/accounts"),
                "{\"ownerId\":\"trace\",\"title\":\"t\",\"initialBalance\":\"" + balance + "\"}", Map.of());
        assertThat(answer.status()).as("open account: %s", answer).isEqualTo(201);
        return UUID.fromString(answer.json().get("accountId").asString());
    }

    /** Waits (briefly: the lines were written before the view answered) for the lines in the service's log. */
    private void assertLogged(ServiceDefinition service, String traceId, String correlationId, String... needles) {
        Path log = stack.logFile(service);
        await(service.name() + " log lines of trace " + traceId).atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    List<String> traced = read(log).stream().filter(line -> line.contains(traceId)).toList();
                    for (String needle : needles) {
                        assertThat(traced).as("%s: lines of trace %s", service.name(), traceId)
                                .anySatisfy(line -> assertThat(line).contains(needle));
                    }
                    assertThat(traced).allSatisfy(line -> assertThat(line).contains("[" + correlationId + "]"));
                });
    }

    private static List<String> read(Path log) {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** (event type, correlation id, traceparent) of the service's events matching {@code where}, in order. */
    private List<String[]> events(ServiceDefinition service, String where, String value) {
        var endpoints = stack.infra().endpoints();
        try (Connection connection = DriverManager.getConnection(stack.jdbcUrl(service), endpoints.postgresUser(),
                endpoints.postgresPassword());
             PreparedStatement query = connection.prepareStatement("""
                     select event_type, metadata->>'correlationId', metadata->'extra'->>'traceparent'
                       from es_events where %s order by position""".formatted(where))) {
            query.setString(1, value);
            List<String[]> rows = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    rows.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the events of " + service.name(), e);
        }
    }
}
