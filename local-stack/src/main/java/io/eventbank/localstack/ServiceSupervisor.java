package io.eventbank.localstack;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Starts service processes, waits until each one answers its readiness endpoint, and stops them
 * all again. Every process it started is tracked, so {@link #stopAll()} leaves none behind.
 */
public final class ServiceSupervisor {

    static final int LOG_TAIL_LINES = 40;

    /** What to run for one service. */
    public record Launch(String name, int port, List<String> command, Map<String, String> environment) {
    }

    private final PrintStream out;
    private final Path workingDirectory;
    private final Path logDirectory;
    private final Duration readyTimeout;
    private final Duration pollInterval;
    private final Duration progressInterval;
    private final ReadinessProbe probe = new ReadinessProbe();
    private final List<ChildService> started = new CopyOnWriteArrayList<>();

    public ServiceSupervisor(PrintStream out, Path workingDirectory, Path logDirectory, Duration readyTimeout,
                      Duration pollInterval, Duration progressInterval) {
        this.out = out;
        this.workingDirectory = workingDirectory;
        this.logDirectory = logDirectory;
        this.readyTimeout = readyTimeout;
        this.pollInterval = pollInterval;
        this.progressInterval = progressInterval;
    }

    List<ChildService> services() {
        return List.copyOf(started);
    }

    /** Starts every launch, then waits until all are ready; throws {@link StartupFailure} otherwise. */
    public void startAndAwaitReady(List<Launch> launches) {
        for (Launch launch : launches) {
            Path log = logDirectory.resolve(launch.name() + ".log");
            ChildService child = ChildService.start(launch.name(), launch.port(), launch.command(),
                    launch.environment(), workingDirectory, log, true);
            started.add(child);
            out.printf("local-stack: started %s (pid %d, port %d), log %s%n", launch.name(), child.pid(),
                    launch.port(), log);
        }
        awaitReady();
    }

    private void awaitReady() {
        List<ChildService> waiting = new ArrayList<>(started);
        long lastProgress = System.nanoTime();
        while (!waiting.isEmpty()) {
            for (ChildService child : List.copyOf(waiting)) {
                if (!child.isAlive()) {
                    throw new StartupFailure(child.name(), "exited with code " + child.exitValue()
                            + " before it became ready (log " + child.logFile() + ")", child.logTail(LOG_TAIL_LINES));
                }
                if (probe.isReady(child.baseUri())) {
                    waiting.remove(child);
                    out.printf("local-stack: %s ready after %d s%n", child.name(), child.secondsSinceStart());
                } else if (child.secondsSinceStart() >= readyTimeout.toSeconds()) {
                    throw new StartupFailure(child.name(), "not ready within " + readyTimeout.toSeconds()
                            + " s (polling " + child.baseUri().resolve(ServiceDefinition.READINESS_PATH)
                            + ", log " + child.logFile() + ")", child.logTail(LOG_TAIL_LINES));
                }
            }
            if (waiting.isEmpty()) {
                return;
            }
            if (System.nanoTime() - lastProgress >= progressInterval.toNanos()) {
                lastProgress = System.nanoTime();
                out.println("local-stack: waiting for " + waiting.stream()
                        .map(c -> c.name() + " (" + c.secondsSinceStart() + " s)")
                        .collect(Collectors.joining(", ")));
            }
            sleep(pollInterval);
        }
    }

    /** The first service that has exited since it was started, if any. */
    java.util.Optional<ChildService> firstExited() {
        return started.stream().filter(c -> !c.isAlive()).findFirst();
    }

    /** Stops every started process tree, last started first. Safe to call more than once. */
    public void stopAll() {
        List<ChildService> reversed = new ArrayList<>(started);
        java.util.Collections.reverse(reversed);
        reversed.parallelStream().forEach(child -> child.stop(Duration.ofSeconds(15)));
        started.removeAll(reversed);
    }

    private static void sleep(Duration duration) {
        try {
            TimeUnit.NANOSECONDS.sleep(duration.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for services", e);
        }
    }
}
