package io.eventbank.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackTest {

    @TempDir
    Path root;

    @Test
    void refusesToStartWithoutTheServiceJars() throws IOException {
        List<String> problems = LocalStack.preflight(options(freePort(), freePort(), freePort(), freePort(), freePort()));

        assertThat(problems).hasSize(5);
        assertThat(problems.getFirst()).contains("missing auth-service/target/auth-service.jar");
    }

    @Test
    void refusesAPortThatIsTaken() throws IOException {
        for (ServiceDefinition service : ServiceDefinition.ALL) {
            Files.createDirectories(service.jar(root).getParent());
            Files.createFile(service.jar(root));
        }
        try (ServerSocket taken = new ServerSocket(0)) {
            List<String> problems = LocalStack.preflight(options(freePort(), freePort(), taken.getLocalPort(), freePort(), freePort()));

            assertThat(problems).containsExactly("port " + taken.getLocalPort()
                    + " for transfers-service is in use (another local stack running? choose others with --ports)");
        }
    }

    @Test
    void refusesAPortThatIsTakenForASecondInstance() throws IOException {
        for (ServiceDefinition service : ServiceDefinition.ALL) {
            Files.createDirectories(service.jar(root).getParent());
            Files.createFile(service.jar(root));
        }
        try (ServerSocket taken = new ServerSocket(0)) {
            int accounts = taken.getLocalPort() - 100;
            StackOptions options = new StackOptions(List.of(freePort(), accounts, freePort(), freePort(), freePort()),
                    Duration.ofSeconds(5), root, root.resolve("data"), false, 2, false);

            assertThat(LocalStack.preflight(options)).contains("port " + taken.getLocalPort()
                    + " for accounts-service instance 2 is in use (another local stack running? choose others with --ports)");
        }
    }

    @Test
    void authServiceGetsTheIssuerKeptKeySecretsDemoCustomersAndSwaggerRedirectsOfTheApiPorts() {
        LocalSecrets secrets = LocalSecrets.loadOrCreate(root.resolve("data"));
        StackOptions options = new StackOptions(List.of(9100, 9101, 9102, 9103, 9180), Duration.ofSeconds(5), root, root.resolve("data"), false, 1, false);

        Map<String, String> env = LocalStack.authEnvironment("http://localhost:9100", root.resolve("data"), secrets, options);

        assertThat(env).containsEntry("SPRING_SECURITY_OAUTH2_AUTHORIZATIONSERVER_ISSUER", "http://localhost:9100")
                .containsEntry("EVENTBANK_AUTH_SIGNINGKEYFILE", root.resolve("data/auth-signing-key.json").toString())
                .containsEntry("EVENTBANK_AUTH_CLIENTS_TELLER_SECRET", secrets.get(LocalSecrets.TELLER_SECRET))
                .containsEntry("EVENTBANK_AUTH_DEMOUSERS_0_USERNAME", "alice")
                .containsEntry("EVENTBANK_AUTH_DEMOUSERS_1_PASSWORD", secrets.password("bob"))
                .containsEntry("EVENTBANK_AUTH_CLIENTS_CLI_REDIRECTURIS_0", "http://127.0.0.1:8976/callback")
                .containsEntry("EVENTBANK_AUTH_CLIENTS_CLI_REDIRECTURIS_3", "http://localhost:9103/swagger-ui/oauth2-redirect.html")
                .containsEntry("EVENTBANK_AUTH_CORSALLOWEDORIGINS_2", "http://localhost:9103")
                .containsEntry("EVENTBANK_AUTH_CLIENTS_WEB_SECRET", secrets.get(LocalSecrets.WEB_SECRET))
                .containsEntry("EVENTBANK_AUTH_CLIENTS_WEB_REDIRECTURIS_0", "http://localhost:9180/login/oauth2/code/eventbank")
                .containsEntry("EVENTBANK_AUTH_CLIENTS_WEB_POSTLOGOUTREDIRECTURIS_0", "http://localhost:9180/?signedOut");
    }

    @Test
    void secretsAreGeneratedOnceOwnerOnlyAndKept() throws IOException {
        LocalSecrets first = LocalSecrets.loadOrCreate(root.resolve("data"));
        LocalSecrets second = LocalSecrets.loadOrCreate(root.resolve("data"));

        assertThat(second.values()).isEqualTo(first.values());
        assertThat(first.password("alice")).hasSizeGreaterThanOrEqualTo(20).isNotEqualTo(first.password("bob"));
        assertThat(Files.getPosixFilePermissions(first.file()))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(Files.readString(first.file())).contains("EVENTBANK_OPS_SECRET=" + first.get(LocalSecrets.OPS_SECRET));
    }

    @Test
    void runsServicesWithTheLaunchersJava() {
        List<String> command = LocalStack.javaCommand(Path.of("/x/a.jar"));

        assertThat(command.getFirst()).isEqualTo(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        assertThat(command).endsWith("-jar", "/x/a.jar");
    }

    private StackOptions options(int... ports) {
        return new StackOptions(List.of(ports[0], ports[1], ports[2], ports[3], ports[4]), Duration.ofSeconds(5), root, root.resolve("data"), false, 1, false);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void generatedSecretsNeverContainADemoCustomersName() {
        for (int i = 0; i < 20_000; i++) {
            String secret = LocalSecrets.generate().toLowerCase(java.util.Locale.ROOT);
            assertThat(LocalSecrets.DEMO_CUSTOMERS).noneMatch(secret::contains);
        }
    }
}
