package io.eventbank.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Constant-rate transfers with intended start times: one transfer starts every 1/rate s on its own
 * virtual thread (a slow answer delays no later start, every latency counts from the intended
 * start), each one POSTed and then long-polled in the view until COMPLETED. A run ends when every
 * transfer it started is terminal (completed or failed): sending time plus drain.
 */
final class TransferLoad {

    /** MoneyTransferCreated (1), DebitRecorded (2), CreditRecorded (3): COMPLETED. */
    private static final int COMPLETED_VERSION = 3;
    private static final long IN_FLIGHT_SAMPLE_MILLIS = 100;

    private final HttpClient http;
    private final JsonMapper json;
    private final URI transfers;
    private final URI view;
    private final List<UUID> accounts;
    private final Duration timeout;

    /**
     * @param seconds      from the first intended start to the last completion, at least the sending time
     * @param drainSeconds from the end of the sending time until every transfer was terminal
     * @param backlog      in flight (started, not yet terminal) over the first and last third of the sending time
     */
    record Run(int rate, double sendSeconds, double seconds, double drainSeconds, long sent, long completed,
               long errors, String firstError, long httpRequests, Histogram post, Histogram completion,
               Histogram saga, Histogram viewLag, Backlog backlog) {

        /** Completions per second from the first intended start to the last completion. */
        double achievedRate() {
            return seconds <= 0 ? 0 : completed / seconds;
        }
    }

    /** Mean number of transfers in flight over the first and the last third of the sending time. */
    record Backlog(double firstThird, double lastThird) {
    }

    TransferLoad(HttpClient http, JsonMapper json, URI transfers, URI view, List<UUID> accounts, Duration timeout) {
        this.http = http;
        this.json = json;
        this.transfers = transfers;
        this.view = view;
        this.accounts = accounts;
        this.timeout = timeout;
    }

    Run run(int rate, Duration duration, String label, boolean progressLines) throws InterruptedException {
        Histogram post = new SynchronizedHistogram(3);
        Histogram completion = new SynchronizedHistogram(3);
        Histogram saga = new SynchronizedHistogram(3);
        Histogram viewLag = new SynchronizedHistogram(3);
        AtomicLong sent = new AtomicLong();
        AtomicLong completed = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong lastCompletion = new AtomicLong();
        LongAdder requests = new LongAdder();
        AtomicReference<String> firstError = new AtomicReference<>();
        long period = 1_000_000_000L / rate;
        long start = System.nanoTime() + 50_000_000L;
        long end = start + duration.toNanos();
        long third = duration.toNanos() / 3;
        DoubleAdder[] inFlightSum = {new DoubleAdder(), new DoubleAdder()};
        LongAdder[] inFlightSamples = {new LongAdder(), new LongAdder()};
        var timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("load-timer").factory());
        timer.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            int bucket = now < start ? -1 : now < start + third ? 0 : now >= end - third && now < end ? 1 : -1;
            if (bucket >= 0) {
                inFlightSum[bucket].add(sent.get() - completed.get() - errors.get());
                inFlightSamples[bucket].increment();
            }
        }, IN_FLIGHT_SAMPLE_MILLIS, IN_FLIGHT_SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
        if (progressLines) {
            timer.scheduleAtFixedRate(() -> {
                long now = System.nanoTime();
                System.out.printf("  %-16s %s  sent %,d  completed %,d  in flight %,d  errors %d  completion p99 %.0f ms%n",
                        label, now < end ? "%3.0fs/%ds".formatted((now - start) / 1e9, duration.toSeconds())
                                : "drain %.0fs".formatted((now - end) / 1e9),
                        sent.get(), completed.get(), sent.get() - completed.get() - errors.get(), errors.get(),
                        TransfersBenchmark.Step.ms(completion, 99));
            }, 5, 5, TimeUnit.SECONDS);
        }
        long sendingEnded;
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
                        transfer(source, target, intended, requests, post, completion, saga, viewLag);
                        completed.incrementAndGet();
                        lastCompletion.accumulateAndGet(System.nanoTime(), Math::max);
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, e instanceof InterruptedException ? "interrupted" : e.toString());
                    }
                });
            }
            sendingEnded = Math.max(end, System.nanoTime());
        } finally {
            timer.shutdownNow();
        }
        long drained = System.nanoTime();
        double seconds = Math.max(duration.toNanos(), lastCompletion.get() - start) / 1e9;
        Backlog backlog = new Backlog(mean(inFlightSum[0], inFlightSamples[0]), mean(inFlightSum[1], inFlightSamples[1]));
        return new Run(rate, duration.toNanos() / 1e9, seconds, Math.max(0, drained - sendingEnded) / 1e9, sent.get(),
                completed.get(), errors.get(), firstError.get(), requests.sum(), post, completion, saga, viewLag, backlog);
    }

    private static double mean(DoubleAdder sum, LongAdder samples) {
        return samples.sum() == 0 ? Double.NaN : sum.sum() / samples.sum();
    }

    /** POST the transfer, then long-poll the view until it shows version 3, COMPLETED. */
    private void transfer(UUID from, UUID to, long intended, LongAdder requests, Histogram post, Histogram completion,
                          Histogram saga, Histogram viewLag) throws IOException, InterruptedException {
        String body = "{\"fromAccountId\":\"%s\",\"toAccountId\":\"%s\",\"amount\":\"1.00\",\"description\":\"bench\"}"
                .formatted(from, to);
        requests.increment();
        HttpResponse<String> created = http.send(post(transfers.resolve("/transfers"), body, BenchTokens.CUSTOMER_TOKEN),
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
            requests.increment();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                            .header("Authorization", BenchTokens.bearer(BenchTokens.CUSTOMER_TOKEN)).GET().build(),
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

    static HttpRequest post(URI uri, String body, String token) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", BenchTokens.bearer(token))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    static String abbreviate(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
