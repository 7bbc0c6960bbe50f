package io.eventbank.benchmarks;

import io.eventbank.localstack.ServiceDefinition;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

/**
 * DESIGN §10 "end-to-end" at steady state: a cold-start figure right after the stack is ready, a
 * warm-up until JIT compilation settles, then a ladder of constant-rate steps (intended start times,
 * HdrHistogram), each checked by {@link PassRule}; the highest passing rate is repeated and counts as
 * sustainable when most repetitions pass. Every step reports CPU milliseconds per completed
 * transfer per process and server-side round trips per transfer, measured from the step's start
 * until its last transfer is terminal.
 */
final class TransfersBenchmark {

    private static final String CONCURRENCY_ENV = "EVENTBANK_EVENTSTORE_SUBSCRIPTIONS_CONCURRENCY";
    private static final List<String> CPU_KEYS = List.of(ServiceDefinition.ACCOUNTS.name(),
            ServiceDefinition.TRANSFERS.name(), ServiceDefinition.ACCOUNT_VIEW.name(), CpuUsage.POSTGRES,
            CpuUsage.BENCHMARK, CpuUsage.TOTAL);
    private static final List<String> COUNTER_KEYS = List.of(StackCounters.POSTGRES_COMMITS,
            StackCounters.POSTGRES_WAL_FLUSHES, StackCounters.KAFKA_RECORDS, StackCounters.KAFKA_OFFSET_COMMITS,
            "httpRequests");
    private static final String CPU_NOTE = "CPU ms per completed transfer from the step's first intended start until"
            + " its last transfer is terminal (drain included), from /proc/<pid>/stat utime+stime; postgres = the"
            + " postmaster and all its children, exited backends included (postmaster cutime+cstime); benchmark = this"
            + " JVM, which runs the load generator AND the in-process Kafka broker AND the MongoDB stand-in;"
            + " machine = busy CPU of the whole machine (/proc/stat), other processes included";

    private final Options options;
    private final String command;
    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();

    TransfersBenchmark(Options options, String command) {
        this.options = options;
        this.command = command;
    }

    /** {@code benchmarks/run.sh transfers [options]}. */
    @Command(name = "transfers", sortOptions = false,
            description = "End to end at steady state: cold start, warm-up until JIT settles, a ladder of constant"
                    + " rates, repetitions of the highest passing one; CPU and round trips per transfer.",
            footer = "Shorter --step/--warmup/--cold-start or --repeat below 3 are for smoke runs: the output says so.")
    static final class Options extends BenchmarkCommand {

        @Option(names = "--rates", paramLabel = "N", split = ",", defaultValue = "25,50,100,150,200,300,400",
                converter = Positive.class, description = "ladder of rates, transfers/s (default ${DEFAULT-VALUE})")
        List<Integer> rates;

        @Option(names = "--step", paramLabel = "SECONDS", defaultValue = "30", converter = Positive.class,
                description = "measured time per step, drain not included (default ${DEFAULT-VALUE})")
        int stepSeconds;

        @Option(names = "--stop-on-fail", paramLabel = "true|false", arity = "1", defaultValue = "true",
                converter = Flag.class, description = "stop climbing at the first failing step (default ${DEFAULT-VALUE})")
        boolean stopOnFail;

        @Option(names = "--repeat", paramLabel = "N", defaultValue = "3", converter = Positive.class,
                description = "runs of the highest passing rate after the ladder (default ${DEFAULT-VALUE}); it is"
                        + " sustainable when more than half pass, else the next lower passing rate is tried")
        int repeat;

        @Option(names = "--max-p99-ms", paramLabel = "MS", defaultValue = "500", converter = Positive.class,
                description = "completion p99 a passing step stays within (default ${DEFAULT-VALUE})")
        int maxP99Ms;

        @Option(names = "--cold-start", paramLabel = "SECONDS", defaultValue = "30", converter = Positive.class,
                description = "run right after the stack is ready, before warm-up (default ${DEFAULT-VALUE})")
        int coldStartSeconds;

        @Option(names = "--cold-start-rate", paramLabel = "N", defaultValue = "25", converter = Positive.class,
                description = "its rate (default ${DEFAULT-VALUE})")
        int coldStartRate;

        @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "60", converter = Positive.class,
                description = "minimum warm-up (default ${DEFAULT-VALUE})")
        int warmupSeconds;

        @Option(names = "--warmup-max", paramLabel = "SECONDS", converter = Positive.class,
                description = "warm-up ends here even if not settled (default 300, or --warmup if longer)")
        Integer warmupMaxSeconds;

        @Option(names = "--warmup-window", paramLabel = "SECONDS", defaultValue = "10", converter = Positive.class,
                description = "warm-up window the settle criterion compares (default ${DEFAULT-VALUE})")
        int warmupWindowSeconds;

        @Option(names = "--warmup-rate", paramLabel = "N", converter = Positive.class,
                description = "warm-up rate (default: the first rate of --rates)")
        Integer warmupRate;

        @Option(names = "--warmup-jit-pct", paramLabel = "P", defaultValue = "2", converter = Positive.class,
                description = "settled: every JVM's JIT compile time grew by <= P %% in the last window"
                        + " (default ${DEFAULT-VALUE})")
        int warmupJitPct;

        @Option(names = "--warmup-p50-pct", paramLabel = "P", defaultValue = "10", converter = Positive.class,
                description = "settled: completion p50 within P %% (or 2 ms) of the window before"
                        + " (default ${DEFAULT-VALUE})")
        int warmupP50Pct;

        @Option(names = "--accounts", paramLabel = "N", defaultValue = "200", converter = Positive.class,
                description = "accounts the transfers move money between, at least 2 (default ${DEFAULT-VALUE})")
        int accounts;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30", converter = Positive.class,
                description = "a transfer not COMPLETED in the view by then is an error (default ${DEFAULT-VALUE})")
        int timeoutSeconds;

        @Option(names = "--concurrency", paramLabel = "N", converter = Positive.class,
                description = "consumers of every service's subscription (eventbank.eventstore.subscriptions.concurrency;"
                        + " default: the services' own setting)")
        Integer concurrency;

        @Option(names = "--view-concurrency", paramLabel = "N", converter = Positive.class,
                description = "the same for the account view only (overrides --concurrency there)")
        Integer viewConcurrency;

        @Option(names = "--accounts-url", paramLabel = "URL",
                description = "use a running stack (all three URLs) instead of starting one"
                        + " (embedded PostgreSQL fsync=on, Kafka, MongoDB stand-in)")
        URI accountsUrl;

        @Option(names = "--transfers-url", paramLabel = "URL", description = "its transfers-service")
        URI transfersUrl;

        @Option(names = "--view-url", paramLabel = "URL", description = "its account-view-service")
        URI viewUrl;

        Duration step() {
            return Duration.ofSeconds(stepSeconds);
        }

        Duration coldStart() {
            return Duration.ofSeconds(coldStartSeconds);
        }

        Duration warmupMin() {
            return Duration.ofSeconds(warmupSeconds);
        }

        Duration warmupMax() {
            return Duration.ofSeconds(warmupMaxSeconds != null ? warmupMaxSeconds : Math.max(300, warmupSeconds));
        }

        Duration warmupWindow() {
            return Duration.ofSeconds(warmupWindowSeconds);
        }

        int warmupRate() {
            return warmupRate != null ? warmupRate : rates.getFirst();
        }

        /** At least 2. */
        int accounts() {
            return Math.max(2, accounts);
        }

        Duration timeout() {
            return Duration.ofSeconds(timeoutSeconds);
        }

        /** Whether the URLs of a running stack were given (all three, see {@link #validate()}). */
        boolean external() {
            return accountsUrl != null;
        }

        /** Subscription consumers of the account view, if set: --view-concurrency, else --concurrency. */
        Integer effectiveViewConcurrency() {
            return viewConcurrency != null ? viewConcurrency : concurrency;
        }

        @Override
        void validate() {
            int given = (accountsUrl != null ? 1 : 0) + (transfersUrl != null ? 1 : 0) + (viewUrl != null ? 1 : 0);
            if (given != 0 && given != 3) {
                throw invalid("give all of --accounts-url, --transfers-url and --view-url, or none");
            }
        }

        @Override
        void run() throws Exception {
            new TransfersBenchmark(this, command()).run();
        }
    }

    /** One measured phase: the load's figures plus what it cost, both up to the end of its drain. */
    record Step(String label, TransferLoad.Run run, Map<String, Double> cpuMs, double machineCpuMs,
                Map<String, Double> cpuCores, Map<String, Long> counters) {

        int rate() {
            return run.rate();
        }

        Histogram completion() {
            return run.completion();
        }

        double p(double percentile) {
            return ms(run.completion(), percentile);
        }

        /** Per completed transfer; null where not measured. */
        Map<String, Double> cpuMsPerTransfer() {
            Map<String, Double> m = new LinkedHashMap<>();
            for (String key : CPU_KEYS) {
                m.put(key, perTransfer(cpuMs.get(key)));
            }
            return m;
        }

        Map<String, Double> roundTripsPerTransfer() {
            Map<String, Double> m = new LinkedHashMap<>();
            for (String key : COUNTER_KEYS) {
                Long v = key.equals("httpRequests") ? Long.valueOf(run.httpRequests()) : counters.get(key);
                if (v != null) {
                    m.put(key, perTransfer(v.doubleValue()));
                }
            }
            return m;
        }

        Double perTransfer(Double total) {
            return total == null || run.completed() == 0 ? null : AppendBenchmark.round(total / run.completed());
        }

        static double ms(Histogram h, double percentile) {
            return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    /**
     * A step passes when it achieved at least {@code minAchieved} of its rate, its completion p99 is
     * within {@code maxP99Ms}, it had no errors and its backlog did not grow: the mean in flight over
     * the last third of the sending time is at most {@code backlogFactor} x that of the first third plus
     * {@code backlogSlackSeconds} x rate (by Little's law: time in the system grew by at most that).
     */
    record PassRule(double minAchieved, double maxP99Ms, double backlogFactor, double backlogSlackSeconds) {

        String describe() {
            return "pass = achieved >= %.0f %% of the rate (completions / time to the last completion), completion p99 <= %.0f ms,"
                    .formatted(minAchieved * 100, maxP99Ms)
                    + " no errors, and a stable backlog: mean in flight (started, not yet COMPLETED in the view) over the"
                    + " last third of the sending time <= %.2f x that of the first third + %.1f s x rate"
                    .formatted(backlogFactor, backlogSlackSeconds);
        }

        double backlogLimit(Step s) {
            return backlogFactor * s.run().backlog().firstThird() + backlogSlackSeconds * s.rate();
        }

        /** Empty when the step passes, else why not. */
        List<String> failures(Step s) {
            TransferLoad.Run r = s.run();
            List<String> why = new ArrayList<>();
            if (r.achievedRate() < minAchieved * r.rate()) {
                why.add("achieved %.1f/s < %.0f %% of %d/s".formatted(r.achievedRate(), minAchieved * 100, r.rate()));
            }
            double p99 = s.p(99);
            if (Double.isNaN(p99) || p99 > maxP99Ms) {
                why.add("completion p99 %.1f ms > %.0f ms".formatted(p99, maxP99Ms));
            }
            if (r.errors() > 0) {
                why.add(r.errors() + " errors (first: " + r.firstError() + ")");
            }
            double last = r.backlog().lastThird();
            if (Double.isNaN(last) || Double.isNaN(r.backlog().firstThird()) || last > backlogLimit(s)) {
                why.add("backlog grew: in flight %.1f -> %.1f (limit %.1f)".formatted(r.backlog().firstThird(), last,
                        backlogLimit(s)));
            }
            return why;
        }
    }

    /** The warm-up's settle criterion and what it saw. */
    record WarmUp(String criterion, int rate, double seconds, boolean settled, List<Map<String, Object>> windows) {
    }

    /** Runs of one rate after the ladder. */
    record Repetitions(int rate, List<Step> runs, int passed, boolean confirmed) {
    }

    private interface Phase {
        Step measure(int rate, Duration duration, String label, boolean progress) throws InterruptedException;
    }

    void run() throws Exception {
        List<Integer> rates = options.rates;
        Duration step = options.step();
        int repeat = options.repeat;
        boolean stopOnFail = options.stopOnFail;
        Duration coldStart = options.coldStart();
        int coldStartRate = options.coldStartRate;
        Duration warmupMin = options.warmupMin();
        Duration warmupMax = options.warmupMax();
        Duration window = options.warmupWindow();
        int warmupRate = options.warmupRate();
        int jitPct = options.warmupJitPct;
        int p50Pct = options.warmupP50Pct;
        int accountCount = options.accounts();
        PassRule rule = new PassRule(0.95, options.maxP99Ms, 1.25, 0.1);
        Duration timeout = options.timeout();
        List<String> shortened = new ArrayList<>();
        if (step.toSeconds() < 30) {
            shortened.add("--step " + step.toSeconds() + " < 30");
        }
        if (warmupMin.toSeconds() < 60) {
            shortened.add("--warmup " + warmupMin.toSeconds() + " < 60");
        }
        if (coldStart.toSeconds() < 30) {
            shortened.add("--cold-start " + coldStart.toSeconds() + " < 30");
        }
        if (repeat < 3) {
            shortened.add("--repeat " + repeat + " < 3");
        }
        String loadBefore = CpuUsage.loadAverage().orElse("?");

        try (BenchStack stack = stack()) {
            long readyAt = System.nanoTime();
            URI accounts = stack.url(ServiceDefinition.ACCOUNTS);
            URI transfers = stack.url(ServiceDefinition.TRANSFERS);
            URI view = stack.url(ServiceDefinition.ACCOUNT_VIEW);
            System.out.println(stack.machine().line());
            System.out.println("load average before: " + loadBefore);
            CpuUsage cpu = stack.startedHere()
                    ? CpuUsage.watching(Map.of(
                            ServiceDefinition.ACCOUNTS.name(), ServiceDefinition.ACCOUNTS.name() + ".jar",
                            ServiceDefinition.TRANSFERS.name(), ServiceDefinition.TRANSFERS.name() + ".jar",
                            ServiceDefinition.ACCOUNT_VIEW.name(), ServiceDefinition.ACCOUNT_VIEW.name() + ".jar"),
                    postmasterPid(stack))
                    : CpuUsage.watching(Map.of(), 0);
            Map<String, URI> jvms = new LinkedHashMap<>();
            ServiceDefinition.APIS.forEach(s -> jvms.put(s.name(), stack.url(s)));
            JitActivity jit = new JitActivity(http, json, jvms);
            if (!shortened.isEmpty()) {
                System.out.println("NOTE: shortened run (" + String.join(", ", shortened)
                        + "): a smoke test, not steady-state figures");
            }
            System.out.println("transfers: " + rule.describe());
            System.out.println("transfers: " + CPU_NOTE);

            try (StackCounters counters = stack.startedHere()
                    ? StackCounters.on(stack.infra().endpoints(), ServiceDefinition.APIS.stream()
                            .map(ServiceDefinition::database).filter(Objects::nonNull).toList())
                    : StackCounters.none()) {
                List<UUID> ids = openAccounts(accounts, accountCount);
                settle(transfers, view, ids);
                TransferLoad load = new TransferLoad(http, json, transfers, view, ids, timeout);
                Phase phase = (rate, duration, label, progress) -> measure(load, cpu, counters, rate, duration, label,
                        progress);
                Phase warmupPhase = (rate, duration, label, progress) -> measure(load, cpu, StackCounters.none(), rate,
                        duration, label, progress);

                double afterReady = (System.nanoTime() - readyAt) / 1e9;
                System.out.printf("transfers: cold start: %ds at %d/s, %.0f s after the services were ready"
                        + " (only the accounts and one probe transfer ran before)%n", coldStart.toSeconds(),
                        coldStartRate, afterReady);
                Step cold = phase.measure(coldStartRate, coldStart, "cold start", true);
                System.out.printf("  cold start (%d/s, first %ds): completion p50 %.1f ms, p99 %.1f ms, max %.1f ms,"
                                + " achieved %.1f/s, %d errors%n", coldStartRate, coldStart.toSeconds(), cold.p(50),
                        cold.p(99), cold.p(100), cold.run().achievedRate(), cold.run().errors());

                WarmUp warm = warmUp(warmupPhase, jit, warmupRate, warmupMin, warmupMax, window, jitPct, p50Pct);

                System.out.printf("transfers: ladder %s, %ds per step (plus drain)%s; then %d runs of the highest"
                                + " passing rate%n", rates, step.toSeconds(),
                        stopOnFail ? ", stop at the first failing step" : ", every rate", repeat);
                List<Step> steps = new ArrayList<>();
                Map<Step, List<String>> failures = new IdentityHashMap<>();
                String stopped = "every rate passed";
                List<String> failed = new ArrayList<>();
                for (int rate : rates) {
                    Step s = phase.measure(rate, step, "rate " + rate + "/s", true);
                    steps.add(s);
                    List<String> why = rule.failures(s);
                    failures.put(s, why);
                    System.out.println("  " + stepLine(s, rule, why));
                    if (!why.isEmpty()) {
                        failed.add(rate + "/s: " + String.join("; ", why));
                        if (stopOnFail) {
                            stopped = "stopped at " + rate + "/s: " + String.join("; ", why);
                            break;
                        }
                    }
                }
                if (!stopOnFail && !failed.isEmpty()) {
                    stopped = "whole ladder run (--stop-on-fail false); failing: " + String.join(" | ", failed);
                }

                List<Integer> candidates = steps.stream().filter(s -> failures.get(s).isEmpty()).map(Step::rate)
                        .distinct().sorted(Comparator.reverseOrder()).toList();
                List<Repetitions> repetitions = new ArrayList<>();
                int sustainable = 0;
                for (int rate : candidates) {
                    List<Step> runs = new ArrayList<>();
                    int passed = 0;
                    for (int i = 1; i <= repeat; i++) {
                        Step s = phase.measure(rate, step, "rate " + rate + "/s #" + i, true);
                        runs.add(s);
                        List<String> why = rule.failures(s);
                        failures.put(s, why);
                        passed += why.isEmpty() ? 1 : 0;
                        System.out.println("  repetition " + i + "/" + repeat + ": " + stepLine(s, rule, why));
                    }
                    boolean confirmed = passed * 2 > repeat;
                    repetitions.add(new Repetitions(rate, runs, passed, confirmed));
                    System.out.printf("  %d/s: %d of %d repetitions passed, median completion p50 %.1f ms p99 %.1f ms,"
                                    + " CPU %.2f ms/transfer -> %s%n", rate, passed, repeat,
                            median(runs, s -> s.p(50)), median(runs, s -> s.p(99)),
                            median(runs, s -> orNaN(s.cpuMsPerTransfer().get(CpuUsage.TOTAL))),
                            confirmed ? "sustainable" : "not confirmed, trying the next lower passing rate");
                    if (confirmed) {
                        sustainable = rate;
                        break;
                    }
                }
                report(stack, rule, cold, warm, steps, repetitions, failures, sustainable, stopped, loadBefore,
                        accountCount, step, repeat, stopOnFail, shortened);
            }
        }
    }

    /** Samples CPU and server counters around one run of the load; the CPU window ends with the drain. */
    private static Step measure(TransferLoad load, CpuUsage cpu, StackCounters counters, int rate, Duration duration,
                                String label, boolean progress) throws InterruptedException {
        Map<String, Long> countersBefore = counters.sample();
        CpuUsage.Sample before = cpu.sample();
        TransferLoad.Run run = load.run(rate, duration, label, progress);
        CpuUsage.Sample after = cpu.sample();
        if (!countersBefore.isEmpty()) {
            TimeUnit.MILLISECONDS.sleep(1100);
        }
        Map<String, Long> countersAfter = counters.sample();
        Map<String, Long> delta = new LinkedHashMap<>();
        countersAfter.forEach((k, v) -> {
            if (countersBefore.containsKey(k)) {
                delta.put(k, v - countersBefore.get(k));
            }
        });
        return new Step(label, run, CpuUsage.millisBetween(before, after), CpuUsage.machineMillisBetween(before, after),
                CpuUsage.between(before, after), delta);
    }

    /**
     * Runs the warm-up rate in windows until at least {@code min} has passed and, in the last window,
     * every JVM's cumulative JIT compilation time grew by at most {@code jitPct} % and the completion p50
     * moved by at most {@code p50Pct} % (or 2 ms) from the window before; or until {@code max}.
     */
    private WarmUp warmUp(Phase phase, JitActivity jit, int rate, Duration min, Duration max, Duration window,
                          int jitPct, int p50Pct) throws InterruptedException {
        String criterion = ("at least %d s at %d/s in %d s windows, then until, in the last window, every JVM's cumulative"
                + " JIT compilation time (services: Actuator jvm.compilation.time; benchmark JVM: CompilationMXBean)"
                + " grew by <= %d %% and the completion p50 is within %d %% (or 2 ms) of the window before; at most %d s")
                .formatted(min.toSeconds(), rate, window.toSeconds(), jitPct, p50Pct, max.toSeconds());
        System.out.println("transfers: warm-up: " + criterion);
        long t0 = System.nanoTime();
        Map<String, Double> jitBefore = jit.totalsMs();
        if (jitBefore.size() < ServiceDefinition.APIS.size() + 1) {
            System.out.println("  JIT time readable for " + jitBefore.keySet() + " only; the others are not part of"
                    + " the criterion");
        }
        List<Map<String, Object>> windows = new ArrayList<>();
        double previousP50 = Double.NaN;
        boolean settled = false;
        double elapsed;
        do {
            Step w = phase.measure(rate, window, "warm-up", false);
            Map<String, Double> jitAfter = jit.totalsMs();
            Map<String, Double> growth = new LinkedHashMap<>();
            jitAfter.forEach((name, ms) -> {
                Double was = jitBefore.get(name);
                if (was != null) {
                    growth.put(name, was <= 0 ? Double.POSITIVE_INFINITY : (ms - was) * 100 / was);
                }
            });
            double p50 = w.p(50);
            double change = Double.isNaN(previousP50) ? Double.NaN : (p50 - previousP50) * 100 / previousP50;
            boolean jitQuiet = growth.values().stream().allMatch(g -> g <= jitPct);
            boolean p50Steady = !Double.isNaN(change) && (Math.abs(change) <= p50Pct || Math.abs(p50 - previousP50) <= 2);
            elapsed = (System.nanoTime() - t0) / 1e9;
            settled = elapsed >= min.toSeconds() && jitQuiet && p50Steady;
            StringBuilder jitText = new StringBuilder();
            growth.forEach((name, g) -> jitText.append(jitText.isEmpty() ? "" : ", ")
                    .append(name.replace("-service", "")).append(" +%.1f%%".formatted(g)));
            System.out.printf("  warm-up %4.0fs: %d completed, %d errors, completion p50 %.1f ms (%s), p99 %.1f ms,"
                            + " CPU %s ms/transfer; JIT time %s -> %s%n", elapsed, w.run().completed(), w.run().errors(),
                    p50, Double.isNaN(change) ? "first window" : "%+.0f %%".formatted(change), w.p(99),
                    fmt(w.cpuMsPerTransfer().get(CpuUsage.TOTAL)), jitText,
                    settled ? "settled" : elapsed < min.toSeconds() ? "minimum not reached"
                            : !jitQuiet ? "JIT still busy" : "p50 still moving");
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("elapsedSeconds", AppendBenchmark.round(elapsed));
            m.put("completed", w.run().completed());
            m.put("errors", w.run().errors());
            m.put("completionP50Ms", AppendBenchmark.round(p50));
            m.put("completionP99Ms", AppendBenchmark.round(w.p(99)));
            m.put("p50ChangePct", AppendBenchmark.round(change));
            m.put("jitCompileMs", roundAll(jitAfter));
            m.put("jitGrowthPct", roundAll(growth));
            m.put("cpuMsPerTransfer", w.cpuMsPerTransfer());
            windows.add(m);
            jitBefore.clear();
            jitBefore.putAll(jitAfter);
            previousP50 = p50;
        } while (!settled && elapsed < max.toSeconds());
        System.out.printf("transfers: warm-up %s after %.0f s%n", settled ? "settled" : "NOT settled (--warmup-max reached)",
                elapsed);
        return new WarmUp(criterion, rate, elapsed, settled, windows);
    }

    private static Map<String, Double> roundAll(Map<String, Double> values) {
        Map<String, Double> m = new LinkedHashMap<>();
        values.forEach((k, v) -> m.put(k, v.isInfinite() ? null : AppendBenchmark.round(v)));
        return m;
    }

    private static String stepLine(Step s, PassRule rule, List<String> why) {
        TransferLoad.Run r = s.run();
        return "%s: achieved %.1f/s, completion p50 %.1f ms p99 %.1f ms, %d errors, in flight %.1f -> %.1f (limit %.1f),"
                .formatted(s.label(), r.achievedRate(), s.p(50), s.p(99), r.errors(), r.backlog().firstThird(),
                        r.backlog().lastThird(), rule.backlogLimit(s))
                + " drain %.1f s, CPU %s ms/transfer -> %s".formatted(r.drainSeconds(),
                fmt(s.cpuMsPerTransfer().get(CpuUsage.TOTAL)), why.isEmpty() ? "PASS" : "FAIL (" + String.join("; ", why) + ")");
    }

    private static String fmt(Double v) {
        return v == null ? "-" : "%.2f".formatted(v);
    }

    private static double orNaN(Double v) {
        return v == null ? Double.NaN : v;
    }

    static double median(List<Step> runs, Function<Step, Double> figure) {
        List<Double> values = runs.stream().map(figure).filter(v -> v != null && !v.isNaN()).sorted().toList();
        if (values.isEmpty()) {
            return Double.NaN;
        }
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }

    private BenchStack stack() {
        if (options.external()) {
            return BenchStack.external(Map.of(
                    ServiceDefinition.ACCOUNTS, options.accountsUrl,
                    ServiceDefinition.TRANSFERS, options.transfersUrl,
                    ServiceDefinition.ACCOUNT_VIEW, options.viewUrl));
        }
        Map<ServiceDefinition, Map<String, String>> settings = new HashMap<>();
        if (options.concurrency != null) {
            for (ServiceDefinition service : ServiceDefinition.APIS) {
                settings.put(service, Map.of(CONCURRENCY_ENV, Integer.toString(options.concurrency)));
            }
        }
        if (options.viewConcurrency != null) {
            settings.put(ServiceDefinition.ACCOUNT_VIEW,
                    Map.of(CONCURRENCY_ENV, Integer.toString(options.viewConcurrency)));
        }
        return BenchStack.start("transfers", ServiceDefinition.APIS, true, settings);
    }

    private static long postmasterPid(BenchStack stack) {
        try (var admin = BenchStack.dataSource(stack.infra().endpoints());
             var c = admin.getConnection();
             var s = c.createStatement();
             var rs = s.executeQuery("select pg_backend_pid()")) {
            rs.next();
            long backend = rs.getLong(1);
            return ProcessHandle.of(backend).flatMap(ProcessHandle::parent).map(ProcessHandle::pid).orElse(0L);
        } catch (Exception e) {
            System.out.println("transfers: cannot find the PostgreSQL server process (" + e + "); no CPU figure for it");
            return 0;
        }
    }

    private List<UUID> openAccounts(URI accounts, int count) throws Exception {
        List<UUID> ids = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8, Thread.ofVirtual().factory())) {
            for (int i = 0; i < count; i++) {
                int n = i;
                pool.submit(() -> {
                    try {
                        String body = "{\"ownerId\":\"%s\",\"title\":\"Bench %d\",\"initialBalance\":\"100000000.00\"}"
                                .formatted(BenchTokens.CUSTOMER, n);
                        HttpResponse<String> r = http.send(TransferLoad.post(accounts.resolve("/accounts"), body,
                                        BenchTokens.TELLER_TOKEN),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 201) {
                            throw new IllegalStateException("POST /accounts answered " + r.statusCode() + ": " + r.body());
                        }
                        ids.add(UUID.fromString(json.readTree(r.body()).path("accountId").asString()));
                    } catch (Exception e) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return List.copyOf(ids);
    }

    /**
     * Waits until the view has every account and the transfers service knows the last one opened
     * (both learn accounts from the Account topic), so the measured phases start on a settled stack.
     */
    private void settle(URI transfers, URI view, List<UUID> ids) throws Exception {
        long t0 = System.nanoTime();
        for (UUID id : ids) {
            while (true) {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(
                                view.resolve("/accounts/" + id + "?minVersion=1&waitMs=10000")).timeout(Duration.ofSeconds(30))
                        .header("Authorization", BenchTokens.bearer(BenchTokens.CUSTOMER_TOKEN)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    break;
                }
                if (System.nanoTime() - t0 > Duration.ofMinutes(3).toNanos()) {
                    throw new IllegalStateException("the view does not show account " + id + " after 3 minutes");
                }
            }
        }
        String body = "{\"fromAccountId\":\"%s\",\"toAccountId\":\"%s\",\"amount\":\"1.00\",\"description\":\"probe\"}"
                .formatted(ids.getLast(), ids.getFirst());
        while (true) {
            HttpResponse<String> r = http.send(TransferLoad.post(transfers.resolve("/transfers"), body,
                            BenchTokens.CUSTOMER_TOKEN),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 201) {
                break;
            }
            if (r.statusCode() != 422 || System.nanoTime() - t0 > Duration.ofMinutes(3).toNanos()) {
                throw new IllegalStateException("probe transfer answered " + r.statusCode() + ": "
                        + TransferLoad.abbreviate(r.body()));
            }
        }
        System.out.printf("transfers: %d accounts open; view and transfers-service know all of them after %.1f s%n",
                ids.size(), (System.nanoTime() - t0) / 1e9);
    }

    private void report(BenchStack stack, PassRule rule, Step cold, WarmUp warm, List<Step> steps,
                        List<Repetitions> repetitions, Map<Step, List<String>> failures, int sustainable,
                        String stopped, String loadBefore, int accounts, Duration step, int repeat, boolean stopOnFail,
                        List<String> shortened) throws IOException {
        String loadAfter = CpuUsage.loadAverage().orElse("?");
        List<Step> all = new ArrayList<>();
        all.add(cold);
        all.addAll(steps);
        repetitions.forEach(r -> all.addAll(r.runs()));
        System.out.println();
        System.out.println(stack.machine().line());
        System.out.println("load average (1/5/15 min) before: " + loadBefore + ", after: " + loadAfter);
        if (!shortened.isEmpty()) {
            System.out.println("NOTE: shortened run (" + String.join(", ", shortened) + "): not steady-state figures");
        }
        System.out.printf("warm-up: %s after %.0f s at %d/s (%s)%n", warm.settled() ? "settled" : "NOT settled",
                warm.seconds(), warm.rate(), warm.criterion());
        Table table = new Table("step", "rate/s", "achieved/s", "POST p50", "POST p99", "compl p50", "compl p90",
                "compl p99", "compl max", "errors", "in flight 1st/3", "last/3", "drain s", "result");
        for (Step s : all) {
            TransferLoad.Run r = s.run();
            table.row(s.label(), s.rate(), r.achievedRate(), Step.ms(r.post(), 50), Step.ms(r.post(), 99), s.p(50),
                    s.p(90), s.p(99), s.p(100), r.errors(), r.backlog().firstThird(), r.backlog().lastThird(),
                    r.drainSeconds(), s == cold ? "cold" : failures.get(s).isEmpty() ? "PASS" : "FAIL");
        }
        System.out.println("latencies in ms from each transfer's intended start; completion = the view shows COMPLETED");
        table.print(System.out);
        System.out.println();
        Table split = new Table("step", "saga p50", "saga p99", "view lag p50", "view lag p99", "CPU cores used");
        for (Step s : all) {
            split.row(s.label(), Step.ms(s.run().saga(), 50), Step.ms(s.run().saga(), 99),
                    Step.ms(s.run().viewLag(), 50), Step.ms(s.run().viewLag(), 99), cpuText(s.cpuCores()));
        }
        System.out.println("saga = POST answered -> CreditRecorded's occurredAt (write side done);"
                + " view lag = occurredAt -> read from the view (ms, wall clocks of one machine)");
        split.print(System.out);
        System.out.println();
        Table cpuTable = new Table("step", "accounts", "transfers", "view", "postgres", "benchmark*", "total", "machine");
        for (Step s : all) {
            Map<String, Double> c = s.cpuMsPerTransfer();
            cpuTable.row(s.label(), c.get(CPU_KEYS.get(0)), c.get(CPU_KEYS.get(1)), c.get(CPU_KEYS.get(2)),
                    c.get(CpuUsage.POSTGRES), c.get(CpuUsage.BENCHMARK), c.get(CpuUsage.TOTAL),
                    s.perTransfer(s.machineCpuMs()));
        }
        System.out.println(CPU_NOTE);
        cpuTable.print(System.out);
        System.out.println();
        Table trips = new Table("step", "pg commits", "WAL flushes", "kafka records", "offset commit recs", "HTTP requests");
        for (Step s : all) {
            Map<String, Double> t = s.roundTripsPerTransfer();
            trips.row(s.label(), t.get(COUNTER_KEYS.get(0)), t.get(COUNTER_KEYS.get(1)), t.get(COUNTER_KEYS.get(2)),
                    t.get(COUNTER_KEYS.get(3)), t.get(COUNTER_KEYS.get(4)));
        }
        System.out.println("round trips " + StackCounters.NOTE);
        trips.print(System.out);
        System.out.println();
        System.out.println(rule.describe());
        System.out.printf("cold start (%d/s right after the stack was ready): completion p50 %.1f ms, p99 %.1f ms%n",
                cold.rate(), cold.p(50), cold.p(99));
        for (Repetitions r : repetitions) {
            System.out.printf("repetitions of %d/s: %d of %d passed; median achieved %.1f/s, completion p50 %.1f ms,"
                            + " p99 %.1f ms, CPU %.2f ms/transfer%n", r.rate(), r.passed(), r.runs().size(),
                    median(r.runs(), s -> s.run().achievedRate()), median(r.runs(), s -> s.p(50)),
                    median(r.runs(), s -> s.p(99)), median(r.runs(), s -> orNaN(s.cpuMsPerTransfer().get(CpuUsage.TOTAL))));
        }
        System.out.printf("highest sustainable rate: %s (passed its ladder step and more than half of %d repetitions);"
                + " ladder: %s%n", sustainable > 0 ? sustainable + " transfers/s" : "none", repeat, stopped);

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("maxSustainableRate", sustainable);
        figures.put("maxCompletionP99Ms", rule.maxP99Ms());
        figures.put("passRule", rule.describe());
        figures.put("stopped", stopped);
        figures.put("shortened", shortened);
        figures.put("accounts", accounts);
        figures.put("stepSeconds", step.toSeconds());
        figures.put("repeat", repeat);
        figures.put("stopOnFail", stopOnFail);
        figures.put("stackStartedByBenchmark", stack.startedHere());
        figures.put("subscriptionConcurrency", options.concurrency != null ? options.concurrency : "service default");
        figures.put("viewConcurrency", options.effectiveViewConcurrency() != null
                ? options.effectiveViewConcurrency() : "service default");
        figures.put("loadAverageBefore", loadBefore);
        figures.put("loadAverageAfter", loadAfter);
        figures.put("cpuNote", CPU_NOTE);
        figures.put("roundTripsNote", StackCounters.NOTE);
        Map<String, Object> coldStart = new LinkedHashMap<>();
        coldStart.put("rate", cold.rate());
        coldStart.put("completionP50Ms", AppendBenchmark.round(cold.p(50)));
        coldStart.put("completionP99Ms", AppendBenchmark.round(cold.p(99)));
        coldStart.put("completionMaxMs", AppendBenchmark.round(cold.p(100)));
        coldStart.put("seconds", AppendBenchmark.round(cold.run().sendSeconds()));
        coldStart.put("achievedRate", AppendBenchmark.round(cold.run().achievedRate()));
        coldStart.put("errors", cold.run().errors());
        coldStart.put("cpuMsPerTransfer", cold.cpuMsPerTransfer());
        if (!stack.startedHere()) {
            coldStart.put("note", "stack started elsewhere: not necessarily cold");
        }
        figures.put("coldStart", coldStart);
        Map<String, Object> warmUp = new LinkedHashMap<>();
        warmUp.put("criterion", warm.criterion());
        warmUp.put("rate", warm.rate());
        warmUp.put("seconds", AppendBenchmark.round(warm.seconds()));
        warmUp.put("settled", warm.settled());
        warmUp.put("windows", warm.windows());
        figures.put("warmUp", warmUp);
        figures.put("rates", steps.stream().map(s -> stepMap(s, rule, failures.get(s))).toList());
        List<Map<String, Object>> reps = new ArrayList<>();
        for (Repetitions r : repetitions) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rate", r.rate());
            m.put("passed", r.passed());
            m.put("confirmed", r.confirmed());
            Map<String, Object> median = new LinkedHashMap<>();
            median.put("achievedRate", AppendBenchmark.round(median(r.runs(), s -> s.run().achievedRate())));
            median.put("completionP50Ms", AppendBenchmark.round(median(r.runs(), s -> s.p(50))));
            median.put("completionP99Ms", AppendBenchmark.round(median(r.runs(), s -> s.p(99))));
            Map<String, Double> cpu = new LinkedHashMap<>();
            for (String key : CPU_KEYS) {
                cpu.put(key, AppendBenchmark.round(median(r.runs(), s -> orNaN(s.cpuMsPerTransfer().get(key)))));
            }
            median.put("cpuMsPerTransfer", cpu);
            Map<String, Double> rt = new LinkedHashMap<>();
            for (String key : r.runs().getFirst().roundTripsPerTransfer().keySet()) {
                rt.put(key, AppendBenchmark.round(median(r.runs(), s -> s.roundTripsPerTransfer().get(key))));
            }
            median.put("roundTripsPerTransfer", rt);
            m.put("median", median);
            m.put("runs", r.runs().stream().map(s -> stepMap(s, rule, failures.get(s))).toList());
            reps.add(m);
        }
        figures.put("repetitions", reps);
        Path chart = Charts.completionByRate(steps, Path.of(System.getProperty("benchmarks.output", "target/benchmarks"))
                .resolve("transfers.png"));
        figures.put("chart", chart.toString());
        System.out.println("chart: " + chart);
        System.out.println("results: " + Results.write("transfers", command, stack.machine(), figures));
        System.out.println("reproduce: " + command);
    }

    private static Map<String, Object> stepMap(Step s, PassRule rule, List<String> why) {
        TransferLoad.Run r = s.run();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rate", s.rate());
        m.put("passed", why.isEmpty());
        m.put("failedBecause", why);
        m.put("achievedRate", AppendBenchmark.round(r.achievedRate()));
        m.put("sent", r.sent());
        m.put("completed", r.completed());
        m.put("errors", r.errors());
        m.put("firstError", r.firstError());
        m.put("sendSeconds", AppendBenchmark.round(r.sendSeconds()));
        m.put("drainSeconds", AppendBenchmark.round(r.drainSeconds()));
        m.put("postP50Ms", AppendBenchmark.round(Step.ms(r.post(), 50)));
        m.put("postP99Ms", AppendBenchmark.round(Step.ms(r.post(), 99)));
        m.put("completionP50Ms", AppendBenchmark.round(s.p(50)));
        m.put("completionP90Ms", AppendBenchmark.round(s.p(90)));
        m.put("completionP99Ms", AppendBenchmark.round(s.p(99)));
        m.put("completionMaxMs", AppendBenchmark.round(s.p(100)));
        m.put("sagaP50Ms", AppendBenchmark.round(Step.ms(r.saga(), 50)));
        m.put("sagaP99Ms", AppendBenchmark.round(Step.ms(r.saga(), 99)));
        m.put("viewLagP50Ms", AppendBenchmark.round(Step.ms(r.viewLag(), 50)));
        m.put("viewLagP99Ms", AppendBenchmark.round(Step.ms(r.viewLag(), 99)));
        Map<String, Object> backlog = new LinkedHashMap<>();
        backlog.put("firstThirdMeanInFlight", AppendBenchmark.round(r.backlog().firstThird()));
        backlog.put("lastThirdMeanInFlight", AppendBenchmark.round(r.backlog().lastThird()));
        backlog.put("limit", AppendBenchmark.round(rule.backlogLimit(s)));
        backlog.put("stable", !(r.backlog().lastThird() > rule.backlogLimit(s)) && !Double.isNaN(r.backlog().lastThird()));
        m.put("backlog", backlog);
        m.put("cpuMsPerTransfer", s.cpuMsPerTransfer());
        m.put("machineCpuMsPerTransfer", s.perTransfer(s.machineCpuMs()));
        m.put("cpuCores", s.cpuCores());
        m.put("roundTripsPerTransfer", s.roundTripsPerTransfer());
        return m;
    }

    private static String cpuText(Map<String, Double> cpu) {
        StringBuilder b = new StringBuilder();
        cpu.forEach((name, v) -> {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(name.replace("-service", "")).append(' ').append(v);
        });
        return b.toString();
    }
}
