package io.eventbank.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every shell script of the repository parses (bash -n) and passes ShellCheck when installed. */
class ShellScriptsTest {

    private static final Set<String> SKIPPED_DIRECTORIES = Set.of(".git", "target", ".local-stack", "node_modules", ".mvn");

    static List<Path> scripts() throws IOException {
        List<Path> scripts = new ArrayList<>();
        scripts.add(Repository.path(".ci/run"));
        try (Stream<Path> files = Files.walk(Repository.ROOT)) {
            files.filter(p -> p.toString().endsWith(".sh") && Files.isRegularFile(p))
                    .filter(p -> {
                        for (Path part : Repository.ROOT.relativize(p)) {
                            if (SKIPPED_DIRECTORIES.contains(part.toString())) {
                                return false;
                            }
                        }
                        return true;
                    })
                    .sorted()
                    .forEach(scripts::add);
        }
        return scripts;
    }

    @Test
    void findsTheDeliveryScripts() throws IOException {
        assertThat(scripts()).extracting(p -> Repository.ROOT.relativize(p).toString())
                .contains(".ci/run", "run-local.sh", "docker/build.sh", "docker/publish.sh", "docker/smoke-test.sh",
                        "docker/deploy.sh", "docker/compose-smoke.sh", "docker/healthcheck.sh", "docker/services.sh",
                        "docker/service-modules.sh");
    }

    @Test
    void scriptsWithAShebangAreExecutable() throws IOException {
        for (Path script : scripts()) {
            if (Files.readString(script).startsWith("#!")) {
                assertThat(Files.isExecutable(script)).as(script + " executable").isTrue();
            }
        }
    }

    @Test
    void everyScriptParses() throws Exception {
        for (Path script : scripts()) {
            Result result = run(List.of("bash", "-n", script.toString()));
            assertThat(result.exitCode()).as("bash -n " + script + ": " + result.output()).isZero();
        }
        Path broken = Files.createTempFile("broken", ".sh");
        Files.writeString(broken, "if true; then\n  echo unterminated\n");
        assertThat(run(List.of("bash", "-n", broken.toString())).exitCode()).isNotZero();
        Files.delete(broken);
    }

    @Test
    void everyScriptPassesShellCheck() throws Exception {
        assumeTrue(run(List.of("sh", "-c", "command -v shellcheck")).exitCode() == 0,
                "shellcheck is not installed (.ci/run installs it)");
        for (Path script : scripts()) {
            Result result = run(List.of("shellcheck", "--external-sources", "--severity=warning", script.toString()));
            assertThat(result.exitCode()).as("shellcheck " + script + ":\n" + result.output()).isZero();
        }
    }

    record Result(int exitCode, String output) {
    }

    static Result run(List<String> command) throws Exception {
        return run(command, java.util.Map.of());
    }

    /** Runs the command in the repository root with these variables added to the environment; output and errors together. */
    static Result run(List<String> command, java.util.Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(Repository.ROOT.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(command + " finished").isTrue();
        return new Result(process.exitValue(), output);
    }
}
