package io.eventbank.system;

import static io.eventbank.localstack.ServiceDefinition.ACCOUNTS;
import static io.eventbank.localstack.ServiceDefinition.AUTH;
import static io.eventbank.localstack.ServiceDefinition.ACCOUNT_VIEW;
import static io.eventbank.localstack.ServiceDefinition.TRANSFERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.eventbank.localstack.ServiceDefinition;
import io.eventbank.testsupport.Http;
import io.eventbank.testsupport.Tokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The three API jars and auth-service as separate processes on embedded PostgreSQL, Kafka and
 * MongoDB-wire infrastructure owned by this JVM. Sizes from system properties, see {@link BankSettings}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BankSystemTest {

    private static final Path OUT = Path.of("target", "system-tests");

    private ServiceStack stack;
    /** The customer the bad-input probes act as: the owner of their accounts. */
    private static final String PROBER = "bad-input";
    private final Http http = new Http().bearer(Tokens.customer(PROBER));
    private final Http commands = http.timeout(Duration.ofSeconds(15));

    @BeforeAll
    void startStack() throws IOException {
        Files.createDirectories(OUT);
        long t0 = System.nanoTime();
        stack = ServiceStack.start(OUT.resolve("logs").toAbsolutePath(), Map.of(), ServiceDefinition.ALL,
                BankSettings.fromSystemProperties().instances());
        report("system-tests: stack up in " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0) + " s, logs in "
                + OUT.resolve("logs").toAbsolutePath());
    }

    @AfterAll
    void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    /**
     * The web app in a real browser (Debian's headless Chromium): sign-up, an account opened, a transfer watched
     * to COMPLETED with balances that include it, an overdraft FAILED with its reason, a double submission paying
     * once. The screenshots land in docs/images/, which the README shows.
     */
    @Test
    @Order(0)
    void aCustomerBanksOnTheWebInARealBrowser() throws IOException {
        onFailurePrintLogs(() -> {
            Http.Response opened = commands.bearer(Tokens.teller()).postJson(stack.uri(ACCOUNTS).resolve("/accounts"),
                    "{\"ownerId\":\"" + ServiceStack.DEMO_CUSTOMER + "\",\"title\":\"Everyday\",\"initialBalance\":\"1000.00\"}",
                    Map.of());
            assertThat(opened.status()).as("alice's account: %s", opened).isEqualTo(201);
            Path profile = Files.createTempDirectory(OUT.toAbsolutePath(), "chromium-");
            long t0 = System.nanoTime();
            WebBankingJourney.run(stack, ServiceStack.repositoryRoot().resolve("docs").resolve("images"), profile,
                    opened.json().get("accountId").asString(), ServiceStack.DEMO_PASSWORD);
            report("web-journey: passed in " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)
                    + " s (sign-up, open, sign-out, sign-in, COMPLETED, FAILED, double submit), screenshots in docs/images");
        });
    }

    @Test
    @Order(1)
    void badInputGetsFourHundredProblemsAndWritesNothing() {
        onFailurePrintLogs(() -> {
            UUID account = openAccount("100.00");
            UUID other = openAccount("0.00");
            String key = "bad-input-" + UUID.randomUUID();
            String body = "{\"fromAccountId\":\"" + account + "\",\"toAccountId\":\"" + other
                    + "\",\"amount\":\"1.00\",\"description\":\"setup\"}";
            Http.Response created = commands.postJson(stack.uri(TRANSFERS).resolve("/transfers"), body, Map.of("Idempotency-Key", key));
            assertThat(created.status()).as("setup transfer: %s", created).isEqualTo(201);
            String transferId = created.json().get("transferId").asString();
            await("setup transfer completed").atMost(Duration.ofSeconds(60)).until(() -> "COMPLETED".equals(
                    http.get(stack.uri(TRANSFERS).resolve("/transfers/" + transferId)).json().get("status").asString()));

            for (UUID id : List.of(account, other)) {
                assertThat(http.get(stack.uri(ACCOUNT_VIEW).resolve("/accounts/" + id + "?minVersion=2&waitMs=30000")).status())
                        .as("the view shows the setup transfer on %s", id).isEqualTo(200);
            }
            String existing = "probe-" + UUID.randomUUID().toString().substring(0, 8);
            SignUpProbes.Outcome signedUp = SignUpProbes.signUp(stack.uri(AUTH),
                    new SignUpProbes.Probe("setup", existing, "a long passphrase for probing", true));
            assertThat(signedUp.status()).as("setup sign-up: %s", signedUp).isEqualTo(302);

            Written before = written();
            List<BadInput.Outcome> outcomes = BadInput.probes(account, other, key).stream()
                    .map(probe -> BadInput.send(http, stack, probe)).toList();
            List<SignUpProbes.Outcome> signUps = SignUpProbes.probes(existing).stream()
                    .map(probe -> SignUpProbes.signUp(stack.uri(AUTH), probe)).toList();
            Written after = written();

            long serverErrors = outcomes.stream().filter(BadInput.Outcome::serverError).count()
                    + signUps.stream().filter(SignUpProbes.Outcome::serverError).count();
            List<BadInput.Outcome> unexpected = outcomes.stream().filter(o -> !o.expected()).toList();
            List<SignUpProbes.Outcome> unexpectedSignUps = signUps.stream().filter(o -> !o.expected()).toList();
            unexpected.forEach(o -> report("bad-input: unexpected answer to " + o.probe().name() + ": " + o.answer()));
            unexpectedSignUps.forEach(o -> report("bad-input: unexpected answer to " + o.probe().name() + ": " + o));
            String line = String.format("bad-input: requests=%d 5xx=%d unexpected=%d events-written=%d registry-written=%d"
                            + " views-written=%d users-written=%d",
                    outcomes.size() + signUps.size(), serverErrors, unexpected.size() + unexpectedSignUps.size(),
                    after.events() - before.events(), after.registry() - before.registry(),
                    after.views() - before.views(), after.users() - before.users());
            report(line);
            assertThat(outcomes).hasSizeGreaterThanOrEqualTo(25);
            assertThat(line).endsWith(
                    "5xx=0 unexpected=0 events-written=0 registry-written=0 views-written=0 users-written=0");
        });
    }

    /** What bad input must not change: events, the transfers registry, view documents, customers. */
    record Written(long events, long registry, long views, long users) {
    }

    private Written written() {
        return new Written(countEvents(), count(TRANSFERS, "select count(*) from account_registry"), countViewDocuments(),
                count(AUTH, "select count(*) from customers"));
    }

    private long countViewDocuments() {
        try (MongoClient client = MongoClients.create(stack.infra().endpoints().mongoUri())) {
            MongoDatabase database = client.getDatabase(ServiceDefinition.VIEW_DATABASE);
            long documents = 0;
            for (String collection : database.listCollectionNames()) {
                documents += database.getCollection(collection).countDocuments();
            }
            return documents;
        }
    }

    @Test
    @Order(2)
    void bankInvariantHoldsUnderConcurrentTransfersAndFaults() {
        onFailurePrintLogs(() -> {
            BankSettings settings = BankSettings.fromSystemProperties();
            report("bank-settings: " + settings);
            BankDriver driver = new BankDriver(stack, settings);
            long t0 = System.nanoTime();
            driver.openAccounts();
            driver.runLoad();
            long loadSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
            driver.faults().log.forEach(this::report);
            BankChecker.Result result = new BankChecker(driver, settings).check();
            report(String.format("bank-run: load %d s, total %d s, requests retried %d (no answer %d, 5xx %d), "
                            + "idempotent replays %d, rejected transfers %d, refused closes %d, view samples %d",
                    loadSeconds, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0), driver.retries.get(),
                    driver.noAnswers.get(), driver.serverErrors.get(), driver.replays.get(), driver.rejected.get(),
                    driver.closeRefusals.get(), driver.viewSamples.get()));
            result.violations().stream().limit(50).forEach(v -> report("violation: " + v));
            result.violations().stream()
                    .map(v -> v.replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "<id>").replaceAll("-?\\d+(\\.\\d+)?", "<n>"))
                    .map(v -> v.length() > 90 ? v.substring(0, 90) : v)
                    .collect(java.util.stream.Collectors.groupingBy(v -> v, java.util.TreeMap::new,
                            java.util.stream.Collectors.counting()))
                    .forEach((kind, n) -> report("violation-kind: " + n + " x " + kind));
            report(result.line());
            assertThat(result.violations()).isEmpty();
            assertThat(result.transfers()).isGreaterThanOrEqualTo(settings.transfers());
            if (settings.faults()) {
                assertThat(result.faults()).isEqualTo(FaultInjector.FAULTS);
                assertThat(result.redelivered()).isPositive();
            }
        });
    }

    private UUID openAccount(String balance) {
        Http.Response answer = commands.bearer(Tokens.teller()).postJson(stack.uri(ACCOUNTS).resolve("/accounts"),
                "{\"ownerId\":\"" + PROBER + "\",\"title\":\"t\",\"initialBalance\":\"" + balance + "\"}", Map.of());
        assertThat(answer.status()).as("open account: %s", answer).isEqualTo(201);
        return UUID.fromString(answer.json().get("accountId").asString());
    }

    private long countEvents() {
        return countEvents(ACCOUNTS) + countEvents(TRANSFERS);
    }

    private long countEvents(ServiceDefinition service) {
        return count(service, "select count(*) from es_events");
    }

    private long count(ServiceDefinition service, String sql) {
        var endpoints = stack.infra().endpoints();
        try (Connection connection = DriverManager.getConnection(stack.jdbcUrl(service), endpoints.postgresUser(),
                endpoints.postgresPassword());
             ResultSet rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count (" + sql + ") in " + service.name(), e);
        }
    }

    private void report(String line) {
        System.out.println(line);
        try {
            Files.writeString(OUT.resolve("results.txt"), line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private interface Body {
        void run() throws Exception;
    }

    private void onFailurePrintLogs(Body body) {
        try {
            body.run();
        } catch (Throwable failure) {
            System.out.println(stack.logTails());
            if (failure instanceof RuntimeException || failure instanceof Error) {
                throw sneaky(failure);
            }
            throw new IllegalStateException(failure);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
