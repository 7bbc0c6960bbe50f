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
 * tree) and of the whole machine, sampled at the start and end of a phase. On Linux it reads
 * {@code /proc/<pid>/stat}; the PostgreSQL figure is the postmaster's utime+stime+cutime+cstime plus
 * the same of every live child, so backends that exit within a phase still count (the postmaster
 * reaps them, their times move into its cutime/cstime). Elsewhere it falls back to
 * {@link ProcessHandle.Info#totalCpuDuration()}, which misses exited backends.
 */
final class CpuUsage {

    static final String BENCHMARK = "benchmark";
    static final String POSTGRES = "postgres";
    static final String TOTAL = "total";

    private static final long TICKS_PER_SECOND = clockTicks();

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
        List<ProcessHandle> children = ProcessHandle.current().descendants().toList();
        services.forEach((name, fragment) -> groups.put(name, children.stream()
                .filter(p -> p.info().commandLine().map(c -> c.contains(fragment)).orElse(false)).toList()));
        if (postmasterPid > 0) {
            ProcessHandle.of(postmasterPid).ifPresent(pm -> groups.put(POSTGRES, List.of(pm)));
        }
        groups.put(BENCHMARK, List.of(ProcessHandle.current()));
        return new CpuUsage(groups);
    }

    /** The groups watched, in report order. */
    List<String> names() {
        return List.copyOf(groups.keySet());
    }

    Sample sample() {
        Map<String, Long> cpu = new LinkedHashMap<>();
        groups.forEach((name, handles) -> {
            long total = 0;
            for (ProcessHandle h : handles) {
                total += name.equals(POSTGRES) ? treeNanos(h) : cpuNanos(h);
            }
            cpu.put(name, total);
        });
        long[] machine = machineJiffies();
        return new Sample(System.nanoTime(), machine[0], machine[1], cpu);
    }

    /** utime+stime of the process itself (its children are not counted: the bench JVM's children are the services). */
    private static long cpuNanos(ProcessHandle h) {
        return procTimes(h.pid()).map(t -> ticksToNanos(t[0] + t[1]))
                .orElseGet(() -> h.info().totalCpuDuration().map(Duration::toNanos).orElse(0L));
    }

    private static long treeNanos(ProcessHandle postmaster) {
        Optional<long[]> own = procTimes(postmaster.pid());
        if (own.isEmpty()) {
            return cpuNanos(postmaster) + postmaster.descendants().mapToLong(CpuUsage::cpuNanos).sum();
        }
        long ticks = sum(own.get());
        for (ProcessHandle child : postmaster.children().toList()) {
            ticks += procTimes(child.pid()).map(CpuUsage::sum).orElse(0L);
        }
        return ticksToNanos(ticks);
    }

    private static long sum(long[] times) {
        return times[0] + times[1] + times[2] + times[3];
    }

    /** {utime, stime, cutime, cstime} in clock ticks, from /proc/pid/stat (fields 14-17). */
    private static Optional<long[]> procTimes(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            // f[0] is field 3 (state): utime is field 14, so f[11]
            return Optional.of(new long[] {Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]),
                    Long.parseLong(f[14])});
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static long ticksToNanos(long ticks) {
        return ticks * 1_000_000_000L / TICKS_PER_SECOND;
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            long ticks = Long.parseLong(out);
            return ticks > 0 ? ticks : 100;
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
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

    /** CPU milliseconds per group between two samples, plus {@value #TOTAL} (their sum). */
    static Map<String, Double> millisBetween(Sample a, Sample b) {
        Map<String, Double> result = new LinkedHashMap<>();
        double total = 0;
        for (var e : b.cpuNanos().entrySet()) {
            double ms = (e.getValue() - a.cpuNanos().getOrDefault(e.getKey(), 0L)) / 1e6;
            result.put(e.getKey(), ms);
            total += ms;
        }
        result.put(TOTAL, total);
        return result;
    }

    /** Busy CPU milliseconds of the whole machine (every process, ours and others') between two samples. */
    static double machineMillisBetween(Sample a, Sample b) {
        return b.machineTotal() == 0 ? Double.NaN : (b.machineBusy() - a.machineBusy()) * 1000.0 / TICKS_PER_SECOND;
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
