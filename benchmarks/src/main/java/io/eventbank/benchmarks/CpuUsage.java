package io.eventbank.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CPU time of the processes taking part (this JVM, its child service JVMs, the PostgreSQL server
 * tree) and of the whole machine, sampled at the start and end of a phase: how many cores each
 * used on average, as evidence of what was busy.
 */
final class CpuUsage {

    /** Process groups by name: this JVM, each child by service name, postgres by its postmaster. */
    private final Map<String, List<ProcessHandle>> groups;

    record Sample(long nanos, long machineBusy, long machineTotal, Map<String, Long> cpuNanos) {
    }

    private CpuUsage(Map<String, List<ProcessHandle>> groups) {
        this.groups = groups;
    }

    /**
     * @param services child processes by name, matched by a command-line fragment (the jar name)
     * @param postmasterPid the PostgreSQL server's pid, or 0 when it is not ours to watch
     */
    static CpuUsage watching(Map<String, String> services, long postmasterPid) {
        Map<String, List<ProcessHandle>> groups = new LinkedHashMap<>();
        groups.put("bench JVM", List.of(ProcessHandle.current()));
        List<ProcessHandle> children = ProcessHandle.current().descendants().toList();
        services.forEach((name, fragment) -> groups.put(name, children.stream()
                .filter(p -> p.info().commandLine().map(c -> c.contains(fragment)).orElse(false)).toList()));
        if (postmasterPid > 0) {
            ProcessHandle.of(postmasterPid).ifPresent(pm -> groups.put("postgres", List.of(pm)));
        }
        return new CpuUsage(groups);
    }

    Sample sample() {
        Map<String, Long> cpu = new LinkedHashMap<>();
        groups.forEach((name, handles) -> {
            long total = 0;
            for (ProcessHandle h : handles) {
                total += cpuNanos(h);
                if (name.equals("postgres")) {
                    total += h.descendants().mapToLong(CpuUsage::cpuNanos).sum();
                }
            }
            cpu.put(name, total);
        });
        long[] machine = machineJiffies();
        return new Sample(System.nanoTime(), machine[0], machine[1], cpu);
    }

    private static long cpuNanos(ProcessHandle h) {
        return h.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /** Cores used on average between two samples per group, plus "machine busy %". */
    static Map<String, Double> between(Sample a, Sample b) {
        Map<String, Double> result = new LinkedHashMap<>();
        double wall = b.nanos() - a.nanos();
        b.cpuNanos().forEach((name, nanos) ->
                result.put(name, Math.round((nanos - a.cpuNanos().getOrDefault(name, 0L)) / wall * 100) / 100.0));
        long total = b.machineTotal() - a.machineTotal();
        result.put("machine busy %", total <= 0 ? Double.NaN
                : Math.round((b.machineBusy() - a.machineBusy()) * 1000.0 / total) / 10.0);
        return result;
    }

    /** {busy, total} jiffies of all CPUs from /proc/stat; zeros where it is unreadable. */
    private static long[] machineJiffies() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).getFirst();
            String[] f = cpu.trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    /** The 1/5/15-minute load averages, as {@code uptime} shows them. */
    static Optional<String> loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return Optional.of(f[0] + " " + f[1] + " " + f[2]);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
