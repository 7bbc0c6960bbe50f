package io.eventbank.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventbank.testsupport.Http;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code ./run-local.sh}'s launcher, stopped and started again on the same data folder: the
 * accounts, the transfer and the views are as they were (the views refilled from the kept broker
 * log), the demo customers keep their accounts, and {@code --fresh} starts from nothing.
 */
class LocalStackRestartSystemTest {

    private static final Path OUT = Path.of("target", "system-tests", "restart").toAbsolutePath();
    private static final Duration READY = Duration.ofSeconds(Long.getLong("bank.readyTimeoutSeconds", 300));

    private final Path root = ServiceStack.repositoryRoot();
    private final Path data = OUT.resolve("data");
    private final List<Integer> ports = freePorts(5);
    private Process stack;
    private int run;

    @AfterEach
    void stopStack() {
        stop();
    }

    @Test
    void keepsAccountsTransfersAndViewsAcrossARestartAndStartsFreshOnlyWhenAsked() throws Exception {
        deleteRecursively(data);
        String firstOutput = start();
        assertThat(firstOutput).contains("local-stack: new data in " + data);
        Properties demo = read(data.resolve("demo-accounts.properties"));
        String alice = demo.getProperty("alice");
        String bob = demo.getProperty("bob");
        Customer customer = new Customer(customerToken("alice"));

        Http.Response created = customer.api(2).postJson("/transfers", Http.json(Map.of("fromAccountId", alice,
                "toAccountId", bob, "amount", "25.00", "description", "before the restart")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String transfer = created.json().get("transferId").asString();
        JsonNode completed = customer.api(3).get("/transfers/" + transfer + "?minVersion=3&waitMs=30000").json();
        assertThat(completed.get("status").asString()).isEqualTo("COMPLETED");
        JsonNode aliceBefore = awaitView(customer, alice, 2);
        JsonNode aliceCommandBefore = customer.api(1).get("/accounts/" + alice).json();

        stop();
        String secondOutput = start();

        assertThat(secondOutput).contains("local-stack: data kept from the last run in " + data);
        assertThat(read(data.resolve("demo-accounts.properties"))).isEqualTo(demo);
        Customer again = new Customer(customerToken("alice"));
        assertThat(again.api(1).get("/accounts/" + alice).json()).isEqualTo(aliceCommandBefore);
        assertThat(again.api(2).get("/transfers/" + transfer).json().get("status").asString()).isEqualTo("COMPLETED");
        JsonNode aliceAfter = awaitView(again, alice, aliceBefore.get("version").asInt());
        assertThat(aliceAfter.get("balance")).isEqualTo(aliceBefore.get("balance"));
        assertThat(aliceAfter.get("version")).isEqualTo(aliceBefore.get("version"));
        assertThat(again.api(3).get("/transfers/" + transfer + "?minVersion=3&waitMs=30000").json()
                .get("status").asString()).isEqualTo("COMPLETED");

        stop();
        String freshOutput = start("--fresh");

        assertThat(freshOutput).contains("local-stack: --fresh: deleted").contains("local-stack: new data in " + data);
        Properties freshDemo = read(data.resolve("demo-accounts.properties"));
        assertThat(freshDemo.getProperty("alice")).isNotEqualTo(alice);
        Customer fresh = new Customer(customerToken("alice"));
        assertThat(fresh.api(1).get("/accounts/" + alice).status()).isEqualTo(404);
        assertThat(fresh.api(2).get("/transfers/" + transfer).status()).isEqualTo(404);
    }

    /** The view of {@code account} at {@code version} or later, waited for (the view may still be refilling). */
    private JsonNode awaitView(Customer customer, String account, int version) {
        return await("the view of " + account + " at version " + version).atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> customer.api(3).get("/accounts/" + account + "?minVersion=" + version + "&waitMs=5000"),
                        answer -> answer.status() == 200).json();
    }

    /** Starts the launcher with this test's ports and data folder; returns its output up to the ready line. */
    private String start(String... options) throws IOException {
        Files.createDirectories(OUT);
        Path log = OUT.resolve("local-stack-" + (++run) + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", root.resolve("local-stack/target/local-stack-exec.jar").toString(),
                "--ports", ports.stream().map(String::valueOf).collect(Collectors.joining(",")),
                "--data", data.toString()));
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("EVENTBANK_INFRA_MODE", "embedded");
        builder.environment().put("EVENTBANK_SERVICE_JAVA_OPTS",
                System.getProperty("bank.serviceJavaOpts", "-Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"));
        stack = builder.start();
        try {
            await("local-stack: ready in " + log).atMost(READY).pollInterval(Duration.ofMillis(500)).until(() -> {
                if (!stack.isAlive()) {
                    throw new IllegalStateException("the launcher exited with " + stack.exitValue() + ":\n" + Files.readString(log));
                }
                return Files.readString(log).contains("local-stack: ready");
            });
        } catch (RuntimeException e) {
            System.err.println(Files.readString(log));
            throw e;
        }
        return Files.readString(log);
    }

    private void stop() {
        if (stack != null && stack.isAlive()) {
            stack.destroy();
            try {
                if (!stack.waitFor(90, TimeUnit.SECONDS)) {
                    stack.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        stack = null;
    }

    /** A customer's token from this stack's auth-service, through {@code docker/token.sh} (authorization code + PKCE). */
    private String customerToken(String customer) throws IOException, InterruptedException {
        Properties secrets = read(data.resolve("secrets.env"));
        ProcessBuilder builder = new ProcessBuilder("bash", root.resolve("docker/token.sh").toString(), customer,
                secrets.getProperty("EVENTBANK_" + customer.toUpperCase(java.util.Locale.ROOT) + "_PASSWORD"))
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("AUTH_URL", "http://localhost:" + ports.getFirst());
        builder.environment().put("EVENTBANK_SECRETS_FILE", data.resolve("secrets.env").toString());
        Process process = builder.start();
        String token = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("docker/token.sh exit code").isZero();
        return token;
    }

    /** Alice's calls: {@code api(i)} is the i-th service of {@code --ports} (0 auth, 1 accounts, 2 transfers, 3 view). */
    private final class Customer {

        private final String token;

        Customer(String token) {
            this.token = token;
        }

        Http api(int service) {
            return Http.localhost(ports.get(service)).bearer(token).timeout(Duration.ofSeconds(40));
        }
    }

    private static Properties read(Path file) throws IOException {
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            properties.load(in);
        }
        return properties;
    }

    private static List<Integer> freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            sockets.forEach(s -> {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // freed either way
                }
            });
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (Files.exists(path)) {
            try (var paths = Files.walk(path)) {
                for (Path each : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(each);
                }
            }
        }
    }
}
