package io.eventbank.benchmarks;

import io.eventbank.localstack.ServiceDefinition;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * DESIGN §10 "end-to-end": transfers at constant rates with intended start times (a slow answer
 * delays no later transfer's start, and every latency is counted from the intended start), timing
 * the POST and the time until the account view shows the transfer COMPLETED. The rate steps up
 * until the completion p99 passes the limit or errors appear; the highest rate before that is the
 * sustainable one.
 */
final class TransfersBenchmark {

    static final Set<String> OPTIONS = Set.of("--rates", "--step", "--warmup", "--accounts", "--max-p99-ms",
            "--accounts-url", "--transfers-url", "--view-url", "--timeout", "--view-concurrency", "--concurrency");
    static final String USAGE = """
            transfers options:
              --rates 10,25,50,100,200,400    rates to step through, transfers/s (default)
              --step SECONDS                  measured time per rate (default 20)
              --warmup SECONDS                unmeasured run at the first rate (default 10)
              --accounts N                    accounts the transfers move money between (default 200)
              --max-p99-ms MS                 completion p99 a sustainable rate stays within (default 1000)
              --timeout SECONDS               a transfer not COMPLETED in the view by then is an error (default 30)
              --concurrency N                 consumers of every service's subscription
                                              (eventstore.subscriptions.concurrency; default: the services' own setting)
              --view-concurrency N            the same for the account view only (overrides --concurrency there)
              --accounts-url/--transfers-url/--view-url URL   use a running stack (all three) instead of
                                              starting one (embedded PostgreSQL fsync=on, Kafka, MongoDB stand-in)""";

    private static final String CONCURRENCY_ENV = "EVENTSTORE_SUBSCRIPTIONS_CONCURRENCY";

    /** MoneyTransferCreated (1), DebitRecorded (2), CreditRecorded (3): COMPLETED. */
    private static final int COMPLETED_VERSION = 3;

    private final NamedOptions options;
    private final String command;
    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();

    TransfersBenchmark(NamedOptions options, String command) {
        this.options = options;
        this.command = command;
    }

    /** Results of one rate. */
    /**
     * @param seconds from the step's first intended start to its last completion (drain included)
     */
    record Step(int rate, double seconds, long sent, long completed, long errors, String firstError,
                Histogram post, Histogram completion, Histogram saga, Histogram viewLag, Map<String, Double> cpu) {

        /** Completions per second from the first intended start to the last completion. */
        double achievedRate() {
            return seconds <= 0 ? 0 : completed / seconds;
        }

        static double ms(Histogram h, double percentile) {
            return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    void run() throws Exception {
        List<Integer> rates = options.positives("--rates", "10,25,50,100,200,400");
        Duration step = options.seconds("--step", 20);
        Duration warmup = options.seconds("--warmup", 10);
        int accountCount = Math.max(2, options.positive("--accounts", 200));
        double maxP99 = options.positive("--max-p99-ms", 1000);
        Duration timeout = options.seconds("--timeout", 30);
        String loadBefore = CpuUsage.loadAverage().orElse("?");

        try (BenchStack stack = stack()) {
            URI accounts = stack.url(ServiceDefinition.ACCOUNTS);
            URI transfers = stack.url(ServiceDefinition.TRANSFERS);
            URI view = stack.url(ServiceDefinition.ACCOUNT_VIEW);
            System.out.println(stack.machine().line());
            System.out.println("load average before: " + loadBefore);
            CpuUsage cpu = stack.startedHere()
                    ? CpuUsage.watching(Map.of(
                            "accounts-service", ServiceDefinition.ACCOUNTS.name() + ".jar",
                            "transfers-service", ServiceDefinition.TRANSFERS.name() + ".jar",
                            "account-view-service", ServiceDefinition.ACCOUNT_VIEW.name() + ".jar"),
                    postmasterPid(stack))
                    : CpuUsage.watching(Map.of(), 0);

            List<UUID> ids = openAccounts(accounts, accountCount);
            settle(transfers, view, ids);
            System.out.printf("transfers: %d accounts open; warm-up %ds at %d/s, then %ds per rate %s, stop when"
                    + " completion p99 > %.0f ms or errors%n", ids.size(), warmup.toSeconds(), rates.getFirst(),
                    step.toSeconds(), rates, maxP99);

            Step warm = runRate(transfers, view, ids, rates.getFirst(), warmup, timeout, cpu, "warm-up");
            System.out.printf("  warm-up: %d sent, %d completed, %d errors%s%n", warm.sent(), warm.completed(),
                    warm.errors(), warm.firstError() == null ? "" : " (first: " + warm.firstError() + ")");

            List<Step> steps = new ArrayList<>();
            int sustainable = 0;
            String stoppedBecause = "all rates sustained";
            for (int rate : rates) {
                Step s = runRate(transfers, view, ids, rate, step, timeout, cpu, "rate " + rate + "/s");
                steps.add(s);
                double p99 = Step.ms(s.completion(), 99);
                System.out.printf("  rate %d/s: achieved %.1f/s, completion p50 %.1f ms p99 %.1f ms, %d errors%n",
                        rate, s.achievedRate(), Step.ms(s.completion(), 50), p99, s.errors());
                if (s.errors() > 0 || Double.isNaN(p99) || p99 > maxP99 || s.achievedRate() < 0.9 * rate) {
                    stoppedBecause = "at %d/s: completion p99 %.1f ms, achieved %.1f/s, %d errors%s".formatted(rate, p99,
                            s.achievedRate(), s.errors(), s.firstError() == null ? "" : " (first: " + s.firstError() + ")");
                    break;
                }
                sustainable = rate;
            }
            report(stack, steps, sustainable, stoppedBecause, maxP99, loadBefore, accountCount, step);
        }
    }

    private BenchStack stack() {
        boolean any = options.has("--accounts-url") || options.has("--transfers-url") || options.has("--view-url");
        if (any) {
            if (!(options.has("--accounts-url") && options.has("--transfers-url") && options.has("--view-url"))) {
                throw new IllegalArgumentException("give all of --accounts-url, --transfers-url and --view-url");
            }
            return BenchStack.external(Map.of(
                    ServiceDefinition.ACCOUNTS, URI.create(options.string("--accounts-url", null)),
                    ServiceDefinition.TRANSFERS, URI.create(options.string("--transfers-url", null)),
                    ServiceDefinition.ACCOUNT_VIEW, URI.create(options.string("--view-url", null))));
        }
        Map<ServiceDefinition, Map<String, String>> settings = new java.util.HashMap<>();
        if (options.has("--concurrency")) {
            for (ServiceDefinition service : ServiceDefinition.ALL) {
                settings.put(service, Map.of(CONCURRENCY_ENV, Integer.toString(options.positive("--concurrency", 1))));
            }
        }
        if (options.has("--view-concurrency")) {
            settings.put(ServiceDefinition.ACCOUNT_VIEW,
                    Map.of(CONCURRENCY_ENV, Integer.toString(options.positive("--view-concurrency", 1))));
        }
        return BenchStack.start("transfers", ServiceDefinition.ALL, true, settings);
    }

    private static long postmasterPid(BenchStack stack) {
        try (var admin = BenchStack.dataSource(stack.infra().endpoints());
             var c = admin.getConnection();
             var rs = c.createStatement().executeQuery("select pg_backend_pid()")) {
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
                        String body = "{\"ownerId\":\"bench-%d\",\"title\":\"Bench %d\",\"initialBalance\":\"100000000.00\"}"
                                .formatted(n, n);
                        HttpResponse<String> r = http.send(post(accounts.resolve("/accounts"), body),
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
     * (both learn accounts from the Account topic), so the warm-up starts on a settled stack.
     */
    private void settle(URI transfers, URI view, List<UUID> ids) throws Exception {
        long t0 = System.nanoTime();
        for (UUID id : ids) {
            while (true) {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(
                                view.resolve("/accounts/" + id + "?minVersion=1&waitMs=10000")).timeout(Duration.ofSeconds(30))
                        .GET().build(), HttpResponse.BodyHandlers.discarding());
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
            HttpResponse<String> r = http.send(post(transfers.resolve("/transfers"), body), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 201) {
                break;
            }
            if (r.statusCode() != 422 || System.nanoTime() - t0 > Duration.ofMinutes(3).toNanos()) {
                throw new IllegalStateException("probe transfer answered " + r.statusCode() + ": " + abbreviate(r.body()));
            }
        }
        System.out.printf("transfers: view and transfers-service know all accounts after %.1f s%n",
                (System.nanoTime() - t0) / 1e9);
    }

    private static HttpRequest post(URI uri, String body) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /**
     * Starts one transfer every 1/rate s (intended start times) for {@code duration}, each on its own
     * virtual thread, then waits until every one of them completed or failed.
     */
    private Step runRate(URI transfers, URI view, List<UUID> accounts, int rate, Duration duration, Duration timeout,
                         CpuUsage cpu, String label) throws InterruptedException {
        Histogram post = new SynchronizedHistogram(3);
        Histogram completion = new SynchronizedHistogram(3);
        Histogram saga = new SynchronizedHistogram(3);
        Histogram viewLag = new SynchronizedHistogram(3);
        AtomicLong sent = new AtomicLong();
        AtomicLong completed = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong lastCompletion = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        long period = 1_000_000_000L / rate;
        long start = System.nanoTime() + 50_000_000L;
        long end = start + duration.toNanos();
        CpuUsage.Sample before = cpu.sample();
        CpuUsage.Sample[] afterSending = new CpuUsage.Sample[1];
        var progress = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().factory());
        progress.scheduleAtFixedRate(() -> System.out.printf(
                "  %-14s %3.0fs/%ds  sent %,d  completed %,d  in flight %,d  errors %d  completion p99 %.0f ms%n",
                label, Math.min(duration.toNanos(), System.nanoTime() - start) / 1e9, duration.toSeconds(),
                sent.get(), completed.get(), sent.get() - completed.get() - errors.get(), errors.get(),
                Step.ms(completion, 99)), 5, 5, TimeUnit.SECONDS);
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (long i = 0; ; i++) {
                long intended = start + i * period;
                if (intended >= end) {
                    break;
                }
                long wait = intended - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                UUID from = accounts.get(ThreadLocalRandom.current().nextInt(accounts.size()));
                UUID to;
                do {
                    to = accounts.get(ThreadLocalRandom.current().nextInt(accounts.size()));
                } while (to.equals(from));
                UUID source = from;
                UUID target = to;
                sent.incrementAndGet();
                workers.submit(() -> {
                    try {
                        transfer(transfers, view, source, target, intended, timeout, post, completion, saga, viewLag);
                        completed.incrementAndGet();
                        lastCompletion.accumulateAndGet(System.nanoTime(), Math::max);
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, e instanceof InterruptedException ? "interrupted" : e.toString());
                    }
                });
            }
            afterSending[0] = cpu.sample();
        } finally {
            progress.shutdownNow();
        }
        double seconds = Math.max(duration.toNanos(), lastCompletion.get() - start) / 1e9;
        return new Step(rate, seconds, sent.get(), completed.get(), errors.get(), firstError.get(),
                post, completion, saga, viewLag, CpuUsage.between(before, afterSending[0]));
    }

    /** POST the transfer, then long-poll the view until it shows version 3, COMPLETED. */
    private void transfer(URI transfers, URI view, UUID from, UUID to, long intended, Duration timeout,
                          Histogram post, Histogram completion, Histogram saga, Histogram viewLag)
            throws IOException, InterruptedException {
        String body = "{\"fromAccountId\":\"%s\",\"toAccountId\":\"%s\",\"amount\":\"1.00\",\"description\":\"bench\"}"
                .formatted(from, to);
        HttpResponse<String> created = http.send(post(transfers.resolve("/transfers"), body),
                HttpResponse.BodyHandlers.ofString());
        long posted = System.nanoTime();
        Instant postedAt = Instant.now();
        if (created.statusCode() != 201) {
            throw new IllegalStateException("POST /transfers " + created.statusCode() + ": " + abbreviate(created.body()));
        }
        post.recordValue(Math.max(1, (posted - intended) / 1000));
        String id = json.readTree(created.body()).path("transferId").asString();
        long deadline = intended + timeout.toNanos();
        URI uri = view.resolve("/transfers/" + id + "?minVersion=" + COMPLETED_VERSION + "&waitMs=5000");
        while (true) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            long seen = System.nanoTime();
            Instant seenAt = Instant.now();
            if (r.statusCode() == 200) {
                JsonNode t = json.readTree(r.body());
                String status = t.path("status").asString();
                if (!"COMPLETED".equals(status)) {
                    throw new IllegalStateException("transfer " + id + " is " + status + " at version "
                            + t.path("version").asInt());
                }
                completion.recordValue(Math.max(1, (seen - intended) / 1000));
                String updated = t.path("updatedAt").asString(null);
                if (updated != null) {
                    Instant completedAt = Instant.parse(updated);
                    saga.recordValue(Math.max(1, Duration.between(postedAt, completedAt).toNanos() / 1000));
                    viewLag.recordValue(Math.max(1, Duration.between(completedAt, seenAt).toNanos() / 1000));
                }
                return;
            }
            if (r.statusCode() != 409 && r.statusCode() != 404) {
                throw new IllegalStateException("GET view /transfers/" + id + " " + r.statusCode() + ": "
                        + abbreviate(r.body()));
            }
            if (seen > deadline) {
                throw new IllegalStateException("transfer " + id + " not COMPLETED in the view within "
                        + timeout.toSeconds() + " s");
            }
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    private void report(BenchStack stack, List<Step> steps, int sustainable, String stoppedBecause, double maxP99,
                        String loadBefore, int accounts, Duration step) throws IOException {
        String loadAfter = CpuUsage.loadAverage().orElse("?");
        System.out.println();
        System.out.println(stack.machine().line());
        System.out.println("load average (1/5/15 min) before: " + loadBefore + ", after: " + loadAfter);
        Table table = new Table("rate/s", "achieved/s", "POST p50", "POST p99", "compl p50", "compl p90",
                "compl p99", "compl max", "errors");
        for (Step s : steps) {
            table.row(s.rate(), s.achievedRate(), Step.ms(s.post(), 50), Step.ms(s.post(), 99),
                    Step.ms(s.completion(), 50), Step.ms(s.completion(), 90), Step.ms(s.completion(), 99),
                    Step.ms(s.completion(), 100), s.errors());
        }
        System.out.println("latencies in ms from each transfer's intended start; completion = the view shows COMPLETED");
        table.print(System.out);
        System.out.println();
        Table split = new Table("rate/s", "saga p50", "saga p99", "view lag p50", "view lag p99", "CPU cores used");
        for (Step s : steps) {
            split.row(s.rate(), Step.ms(s.saga(), 50), Step.ms(s.saga(), 99), Step.ms(s.viewLag(), 50),
                    Step.ms(s.viewLag(), 99), cpuText(s.cpu()));
        }
        System.out.println("saga = POST answered -> CreditRecorded's occurredAt (write side done);"
                + " view lag = occurredAt -> read from the view (ms, wall clocks of one machine)");
        split.print(System.out);
        System.out.printf("highest sustainable rate: %d transfers/s (completion p99 <= %.0f ms, no errors); stopped %s%n",
                sustainable, maxP99, stoppedBecause);

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("maxSustainableRate", sustainable);
        figures.put("maxCompletionP99Ms", maxP99);
        figures.put("stopped", stoppedBecause);
        figures.put("accounts", accounts);
        figures.put("stepSeconds", step.toSeconds());
        figures.put("stackStartedByBenchmark", stack.startedHere());
        figures.put("subscriptionConcurrency", options.has("--concurrency")
                ? options.positive("--concurrency", 1) : "service default");
        figures.put("viewConcurrency", options.has("--view-concurrency")
                ? options.positive("--view-concurrency", 1) : options.has("--concurrency")
                ? options.positive("--concurrency", 1) : "service default");
        figures.put("loadAverageBefore", loadBefore);
        figures.put("loadAverageAfter", loadAfter);
        List<Map<String, Object>> rates = new ArrayList<>();
        for (Step s : steps) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rate", s.rate());
            m.put("achievedRate", AppendBenchmark.round(s.achievedRate()));
            m.put("sent", s.sent());
            m.put("completed", s.completed());
            m.put("errors", s.errors());
            m.put("firstError", s.firstError());
            m.put("postP50Ms", AppendBenchmark.round(Step.ms(s.post(), 50)));
            m.put("postP99Ms", AppendBenchmark.round(Step.ms(s.post(), 99)));
            m.put("completionP50Ms", AppendBenchmark.round(Step.ms(s.completion(), 50)));
            m.put("completionP90Ms", AppendBenchmark.round(Step.ms(s.completion(), 90)));
            m.put("completionP99Ms", AppendBenchmark.round(Step.ms(s.completion(), 99)));
            m.put("completionMaxMs", AppendBenchmark.round(Step.ms(s.completion(), 100)));
            m.put("sagaP50Ms", AppendBenchmark.round(Step.ms(s.saga(), 50)));
            m.put("sagaP99Ms", AppendBenchmark.round(Step.ms(s.saga(), 99)));
            m.put("viewLagP50Ms", AppendBenchmark.round(Step.ms(s.viewLag(), 50)));
            m.put("viewLagP99Ms", AppendBenchmark.round(Step.ms(s.viewLag(), 99)));
            m.put("cpuCores", s.cpu());
            rates.add(m);
        }
        figures.put("rates", rates);
        Path chart = Charts.completionByRate(steps, Path.of(System.getProperty("benchmarks.output", "target/benchmarks"))
                .resolve("transfers.png"));
        figures.put("chart", chart.toString());
        System.out.println("chart: " + chart);
        System.out.println("results: " + Results.write("transfers", command, stack.machine(), figures));
        System.out.println("reproduce: " + command);
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
