package io.eventbank.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackTest {

    @TempDir
    Path root;

    @Test
    void refusesToStartWithoutTheServiceJars() throws IOException {
        List<String> problems = LocalStack.preflight(options(freePort(), freePort(), freePort()));

        assertThat(problems).hasSize(3);
        assertThat(problems.getFirst()).contains("missing accounts-service/target/accounts-service.jar");
    }

    @Test
    void refusesAPortThatIsTaken() throws IOException {
        for (ServiceDefinition service : ServiceDefinition.ALL) {
            Files.createDirectories(service.jar(root).getParent());
            Files.createFile(service.jar(root));
        }
        try (ServerSocket taken = new ServerSocket(0)) {
            List<String> problems = LocalStack.preflight(options(freePort(), taken.getLocalPort(), freePort()));

            assertThat(problems).containsExactly("port " + taken.getLocalPort()
                    + " for transfers-service is in use (another local stack running? choose others with --ports)");
        }
    }

    @Test
    void runsServicesWithTheLaunchersJava() {
        List<String> command = LocalStack.javaCommand(Path.of("/x/a.jar"));

        assertThat(command.getFirst()).isEqualTo(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        assertThat(command).endsWith("-jar", "/x/a.jar");
    }

    private StackOptions options(int... ports) {
        return new StackOptions(List.of(ports[0], ports[1], ports[2]), Duration.ofSeconds(5), root, false);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
