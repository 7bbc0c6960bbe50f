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

    static final Duration ARCHIVE_STOP_GRACE = Duration.ofSeconds(60);

    private final String name;
    private final int port;
    private final Path logFile;
    private final Process process;
    private final long startedAtNanos;
    private final Duration minimumStopGrace;

    private ChildService(String name, int port, Path logFile, Process process, Duration minimumStopGrace) {
        this.name = name;
        this.port = port;
        this.logFile = logFile;
        this.process = process;
        this.startedAtNanos = System.nanoTime();
        this.minimumStopGrace = minimumStopGrace;
    }

    /** Starts {@code command} as it is. */
    public static ChildService start(String name, int port, List<String> command, Map<String, String> environment,
                              Path workingDirectory, Path logFile) {
        return start(name, port, command, environment, workingDirectory, logFile, false);
    }

    /**
     * Starts {@code command}; with {@code classDataSharing} a {@code java -jar} command gets a class
     * data sharing archive, see {@link #withClassDataSharing(List, Path)}:
     * {@code <log directory>/../cds/<name>.jsa}. A run that will write the archive when it exits
     * (none yet, or older than the jar) gets at least {@link #ARCHIVE_STOP_GRACE} to stop, as writing
     * it takes a few seconds of CPU.
     */
    public static ChildService start(String name, int port, List<String> command, Map<String, String> environment,
                                     Path workingDirectory, Path logFile, boolean classDataSharing) {
        try {
            Files.createDirectories(logFile.getParent());
            Path archive = logFile.toAbsolutePath().getParent().resolveSibling("cds").resolve(name + ".jsa");
            List<String> actual = classDataSharing ? withClassDataSharing(command, archive) : command;
            boolean writesArchive = actual.size() > command.size() && !isNewerThanJar(archive, command);
            ProcessBuilder builder = new ProcessBuilder(actual)
                    .directory(workingDirectory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
            builder.environment().putAll(environment);
            return new ChildService(name, port, logFile, builder.start(),
                    writesArchive ? ARCHIVE_STOP_GRACE : Duration.ZERO);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    /**
     * When {@code command} runs a jar with this JVM's own {@code java} and that is JDK 19 or newer, adds
     * {@code -XX:SharedArchiveFile=archive -XX:+AutoCreateSharedArchive}: the first run writes an AppCDS
     * archive of the classes it loaded when it exits, later runs map them instead of loading and
     * verifying them again, and the JVM writes a new archive whenever the jar or the JDK changed. An
     * unusable archive only costs a warning in the service's log. Any other command, or one that already
     * chooses its class data sharing or AOT cache, runs unchanged.
     */
    static List<String> withClassDataSharing(List<String> command, Path archive) {
        String ownJava = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        boolean choosesItself = command.stream().anyMatch(a -> a.startsWith("-Xshare") || a.startsWith("-XX:SharedArchiveFile")
                || a.contains("ArchiveClassesAtExit") || a.startsWith("-XX:AOT"));
        if (command.isEmpty() || !command.getFirst().equals(ownJava) || !command.contains("-jar") || choosesItself
                || Runtime.version().feature() < 19) {
            return command;
        }
        try {
            Files.createDirectories(archive.getParent());
        } catch (IOException | RuntimeException e) {
            return command;
        }
        List<String> result = new java.util.ArrayList<>(command);
        result.addAll(1, List.of("-XX:SharedArchiveFile=" + archive, "-XX:+AutoCreateSharedArchive"));
        return result;
    }

    private static boolean isNewerThanJar(Path archive, List<String> command) {
        int jar = command.indexOf("-jar") + 1;
        try {
            return Files.isRegularFile(archive) && jar < command.size()
                    && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(Path.of(command.get(jar)))) > 0;
        } catch (IOException | RuntimeException e) {
            return false;
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
        Duration wait = grace.compareTo(minimumStopGrace) < 0 ? minimumStopGrace : grace;
        List<ProcessHandle> tree = new java.util.ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + wait.toNanos();
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
            process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
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
