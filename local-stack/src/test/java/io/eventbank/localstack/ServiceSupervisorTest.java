package io.eventbank.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceSupervisorTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private ServiceSupervisor supervisor;

    private ServiceSupervisor supervisor(Duration timeout) {
        supervisor = new ServiceSupervisor(new PrintStream(output, true, StandardCharsets.UTF_8), dir,
                dir.resolve("logs"), timeout, Duration.ofMillis(100), Duration.ofMillis(500));
        return supervisor;
    }

    @AfterEach
    void stopEverything() {
        if (supervisor != null) {
            supervisor.stopAll();
        }
    }

    @Test
    void waitsUntilEveryServiceIsReadyAndStopsTheWholeProcessTree() throws Exception {
        int port1 = freePort();
        int port2 = freePort();
        ServiceSupervisor s = supervisor(Duration.ofSeconds(60));

        s.startAndAwaitReady(List.of(fake("first", port1, "ready"), fake("second", port2, "ready-with-child")));

        assertThat(s.services()).hasSize(2).allMatch(ChildService::isAlive);
        assertThat(output.toString(StandardCharsets.UTF_8))
                .contains("first ready after", "second ready after", dir.resolve("logs/first.log").toString());
        long grandchild = grandchildPid(dir.resolve("logs/second.log"));
        List<ProcessHandle> processes = s.services().stream()
                .map(c -> ProcessHandle.of(c.pid()).orElseThrow()).toList();
        assertThat(ProcessHandle.of(grandchild)).isPresent();

        s.stopAll();

        assertThat(processes).noneMatch(ProcessHandle::isAlive);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> ProcessHandle.of(grandchild).map(h -> !h.isAlive()).orElse(true));
        assertThat(s.services()).isEmpty();
        try (ServerSocket reuse = new ServerSocket(port1)) {
            assertThat(reuse.getLocalPort()).isEqualTo(port1);
        }
    }

    @Test
    void reportsAServiceThatExitsWithTheTailOfItsLog() throws Exception {
        ServiceSupervisor s = supervisor(Duration.ofSeconds(60));

        assertThatThrownBy(() -> s.startAndAwaitReady(List.of(fake("broken", freePort(), "crash"))))
                .isInstanceOfSatisfying(StartupFailure.class, failure -> {
                    assertThat(failure.service()).isEqualTo("broken");
                    assertThat(failure.getMessage()).contains("exited with code 3");
                    assertThat(failure.logTail()).startsWith("causes:")
                            .contains("APPLICATION FAILED TO START: boom",
                                    "Caused by: java.lang.IllegalStateException: the real reason", "at frame59")
                            .doesNotContain("at frame0" + System.lineSeparator());
                });
    }

    @Test
    void givesUpOnAServiceThatIsNeverReady() throws Exception {
        ServiceSupervisor s = supervisor(Duration.ofSeconds(2));

        assertThatThrownBy(() -> s.startAndAwaitReady(List.of(fake("stuck", freePort(), "never-ready"))))
                .isInstanceOfSatisfying(StartupFailure.class, failure -> {
                    assertThat(failure.getMessage()).contains("not ready within 2 s", "/actuator/health/readiness");
                    assertThat(failure.logTail()).contains("mode never-ready");
                });
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("waiting for stuck");
    }

    private static ServiceSupervisor.Launch fake(String name, int port, String mode) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ServiceSupervisor.Launch(name, port,
                List.of(java, "-cp", System.getProperty("java.class.path"), FakeService.class.getName(),
                        Integer.toString(port), mode),
                Map.of("FAKE_SERVICE", name));
    }

    private static long grandchildPid(Path log) {
        Pattern pid = Pattern.compile("grandchild pid (\\d+)");
        return await().atMost(Duration.ofSeconds(20)).until(() -> {
            Matcher m = pid.matcher(Files.readString(log));
            return m.find() ? Long.parseLong(m.group(1)) : null;
        }, p -> p != null);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
