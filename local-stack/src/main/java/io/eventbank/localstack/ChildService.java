package io.eventbank.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One service running as a child process, its output going to a log file. */
public final class ChildService {

    private final String name;
    private final int port;
    private final Path logFile;
    private final Process process;
    private final long startedAtNanos;

    private ChildService(String name, int port, Path logFile, Process process) {
        this.name = name;
        this.port = port;
        this.logFile = logFile;
        this.process = process;
        this.startedAtNanos = System.nanoTime();
    }

    public static ChildService start(String name, int port, List<String> command, Map<String, String> environment,
                              Path workingDirectory, Path logFile) {
        try {
            Files.createDirectories(logFile.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workingDirectory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
            builder.environment().putAll(environment);
            return new ChildService(name, port, logFile, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public int exitValue() {
        return process.exitValue();
    }

    public URI baseUri() {
        return URI.create("http://localhost:" + port);
    }

    public long secondsSinceStart() {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedAtNanos);
    }

    /**
     * Stops the process and everything it started: a polite TERM to the whole tree first, then KILL
     * for whatever is still alive after the grace period.
     */
    public void stop(Duration grace) {
        List<ProcessHandle> tree = new java.util.ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle handle : tree) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    handle.onExit().get(left, TimeUnit.NANOSECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                // still alive: killed below
            }
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the process and everything it started at once (SIGKILL, like {@code kill -9}), then waits for its exit. */
    public void kill(Duration wait) {
        List<ProcessHandle> tree = new java.util.ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * For error reports: the lines that usually name the cause (Spring Boot's failure analysis and
     * {@code Caused by:}), then the last lines of the log.
     */
    public String logTail(int lines) {
        try {
            if (!Files.exists(logFile)) {
                return "(no log written)";
            }
            List<String> all = new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8).lines().toList();
            List<String> causes = all.stream().filter(ChildService::namesACause).distinct().limit(12).toList();
            String tail = String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
            return causes.isEmpty() ? tail
                    : "causes:" + System.lineSeparator() + String.join(System.lineSeparator(), causes)
                            + System.lineSeparator() + "last lines:" + System.lineSeparator() + tail;
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static boolean namesACause(String line) {
        return line.startsWith("Caused by:") || line.startsWith("APPLICATION FAILED TO START")
                || line.startsWith("Description:") || line.startsWith("Reason:") || line.startsWith("Action:")
                || line.contains(" ERROR ");
    }
}
