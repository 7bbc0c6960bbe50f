package io.eventbank.system;

import static io.eventbank.localstack.ServiceDefinition.ACCOUNTS;
import static io.eventbank.localstack.ServiceDefinition.ACCOUNT_VIEW;
import static io.eventbank.localstack.ServiceDefinition.TRANSFERS;
import static org.awaitility.Awaitility.await;

import io.eventbank.testsupport.Http;
import io.eventbank.testsupport.Tokens;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.core.ConditionTimeoutException;
import tools.jackson.databind.JsonNode;

/**
 * Opens the accounts, runs concurrent clients issuing random transfers (overdrafts, closed accounts and
 * Idempotency-Key replays included) while a fault thread kills and restarts services, restarts the
 * broker, re-delivers records and plants a poison record. Every transfer request is retried with its
 * Idempotency-Key until it gets an answer, so outages lose or double nothing.
 */
final class BankDriver {

    /** What the client knows about a transfer it started. */
    record IssuedTransfer(UUID transferId, UUID from, UUID to, BigDecimal amount, String idempotencyKey,
                          long acceptedAtNanos) {
    }

    private final ServiceStack stack;
    private final BankSettings settings;
    private final Http http = new Http();
    /** commands answer within 15 s or are sent again (reads wait longer: the views' min-version reads) */
    private final Http commands = http.timeout(Duration.ofSeconds(15));
    private final FaultInjector faults;

    final List<UUID> ordinary = new ArrayList<>();
    final List<UUID> closedEarly = new ArrayList<>();
    final List<UUID> closedMidRun = new ArrayList<>();
    final Map<UUID, BigDecimal> initialBalances = new ConcurrentHashMap<>();
    /** Each account's owner: the customer whose token reads and moves it. */
    final Map<UUID, String> owners = new ConcurrentHashMap<>();
    private final Map<UUID, BigDecimal> lastKnownBalance = new ConcurrentHashMap<>();
    private final AtomicBoolean midRunClosed = new AtomicBoolean();

    final Map<UUID, IssuedTransfer> transfers = new ConcurrentHashMap<>();
    final Queue<String> violations = new ConcurrentLinkedQueue<>();
    final AtomicInteger issued = new AtomicInteger();
    private final AtomicInteger roundRobin = new AtomicInteger();
    final AtomicInteger rejected = new AtomicInteger();
    final AtomicInteger replays = new AtomicInteger();
    final AtomicInteger retries = new AtomicInteger();
    final AtomicInteger noAnswers = new AtomicInteger();
    final AtomicInteger serverErrors = new AtomicInteger();
    final AtomicInteger closeRefusals = new AtomicInteger();
    final AtomicInteger viewSamples = new AtomicInteger();
    final AtomicLong lastAcceptedNanos = new AtomicLong();
    volatile long loadEndedNanos;
    private volatile boolean stopped;

    String kafkaBootstrapServers() {
        return stack.infra().endpoints().kafkaBootstrapServers();
    }

    BankDriver(ServiceStack stack, BankSettings settings) {
        this.stack = stack;
        this.settings = settings;
        this.faults = new FaultInjector(stack, settings, this);
    }

    FaultInjector faults() {
        return faults;
    }

    /** {@code path} on the next instance of accounts-service (round robin, as a load balancer would). */
    URI accounts(String path) {
        return next(ACCOUNTS).resolve(path);
    }

    URI transfersUri(String path) {
        return next(TRANSFERS).resolve(path);
    }

    URI view(String path) {
        return next(ACCOUNT_VIEW).resolve(path);
    }

    private URI next(io.eventbank.localstack.ServiceDefinition service) {
        List<URI> instances = stack.uris(service);
        return instances.get(Math.floorMod(roundRobin.getAndIncrement(), instances.size()));
    }

    void openAccounts() {
        Random random = new Random(settings.seed());
        for (int i = 0; i < settings.accounts(); i++) {
            BigDecimal balance = BigDecimal.valueOf(10_000 + random.nextInt(90_000), 2);
            ordinary.add(open("owner-" + (i % 5), "account " + i, balance));
        }
        for (int i = 0; i < 2; i++) {
            closedEarly.add(open("closer", "closed early " + i, BigDecimal.ZERO.setScale(2)));
            closedMidRun.add(open("closer", "closed mid-run " + i, BigDecimal.ZERO.setScale(2)));
        }
        closedEarly.forEach(this::close);
    }

    List<UUID> allAccounts() {
        List<UUID> all = new ArrayList<>(ordinary);
        all.addAll(closedEarly);
        all.addAll(closedMidRun);
        return all;
    }

    BigDecimal initialSum() {
        return initialBalances.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** A client acting as the owner of {@code account}. */
    Http asOwnerOf(UUID account) {
        return http.bearer(Tokens.customer(owners.get(account)));
    }

    /** Opened by the teller, who may give an initial balance, for {@code owner}. */
    private UUID open(String owner, String title, BigDecimal balance) {
        String body = Http.json(Map.of("ownerId", owner, "title", title, "initialBalance", balance.toPlainString()));
        Http.Response answer = withRetries("open account",
                () -> commands.bearer(Tokens.teller()).postJson(accounts("/accounts"), body, Map.of()));
        if (answer.status() != 201) {
            throw new IllegalStateException("cannot open an account: " + answer);
        }
        UUID id = UUID.fromString(answer.json().get("accountId").asString());
        owners.put(id, owner);
        initialBalances.put(id, balance);
        lastKnownBalance.put(id, balance);
        return id;
    }

    /** Closes an account with zero balance; a 422 (not zero after all) is counted, not a violation. */
    boolean close(UUID account) {
        Http.Response answer = withRetries("close account",
                () -> commands.bearer(Tokens.customer(owners.get(account)))
                        .postJson(accounts("/accounts/" + account + "/close"), "{\"reason\":\"system test\"}", Map.of()));
        if (answer.status() == 200) {
            return true;
        }
        if (answer.status() == 422 || answer.status() == 409) {
            closeRefusals.incrementAndGet();
            return false;
        }
        violations.add("close " + account + " answered " + answer);
        return false;
    }

    void closeMidRunAccounts() {
        boolean all = true;
        for (UUID account : closedMidRun) {
            all &= close(account);
        }
        midRunClosed.set(all);
    }

    /**
     * Runs the load: at least {@code transfers} transfers, and on until the fault injector is done
     * (plus a little, to show that processing goes on after the last fault).
     */
    void runLoad() throws Exception {
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        Semaphore permits = new Semaphore(0);
        if (settings.rate() > 0) {
            long periodMicros = Math.max(1, (long) (1_000_000 / settings.rate()));
            ticker.scheduleAtFixedRate(() -> {
                if (permits.availablePermits() < settings.clients()) {
                    permits.release();
                }
            }, 0, periodMicros, TimeUnit.MICROSECONDS);
        }
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleWithFixedDelay(this::sampleViews, 500, 1000, TimeUnit.MILLISECONDS);
        ExecutorService clients = Executors.newFixedThreadPool(settings.clients());
        ExecutorService faultThread = Executors.newSingleThreadExecutor();
        try {
            Future<?> faultRun = faultThread.submit(() -> {
                faults.run();
                return null;
            });
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < settings.clients(); c++) {
                Random random = new Random(settings.seed() * 31 + c);
                running.add(clients.submit(() -> {
                    while (!stopped && (issued.get() < settings.transfers() || !faults.finished())) {
                        if (settings.rate() > 0 && !permits.tryAcquire(5, TimeUnit.SECONDS)) {
                            continue;
                        }
                        issued.incrementAndGet();
                        oneTransfer(random);
                    }
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get();
            }
            faultRun.get();
        } finally {
            loadEndedNanos = System.nanoTime();
            stopped = true;
            clients.shutdownNow();
            faultThread.shutdownNow();
            ticker.shutdownNow();
            sampler.shutdownNow();
        }
    }

    private void oneTransfer(Random random) {
        UUID from;
        UUID to;
        BigDecimal amount;
        if (random.nextDouble() < settings.closableShare()) {
            boolean mid = random.nextBoolean();
            UUID special = (mid ? closedMidRun : closedEarly).get(random.nextInt(2));
            UUID other = ordinary.get(random.nextInt(ordinary.size()));
            boolean specialIsSource = (mid && !midRunClosed.get()) || random.nextBoolean();
            from = specialIsSource ? special : other;
            to = specialIsSource ? other : special;
            amount = BigDecimal.valueOf(100 + random.nextInt(2000), 2);
        } else {
            from = ordinary.get(random.nextInt(ordinary.size()));
            do {
                to = ordinary.get(random.nextInt(ordinary.size()));
            } while (to.equals(from));
            BigDecimal known = lastKnownBalance.getOrDefault(from, BigDecimal.ZERO);
            // up to a fifth more than the source's last known balance: some of them overdraw
            BigDecimal ceiling = known.multiply(BigDecimal.valueOf(1.2)).max(BigDecimal.valueOf(5));
            amount = ceiling.multiply(BigDecimal.valueOf(random.nextDouble())).setScale(2, RoundingMode.DOWN)
                    .max(new BigDecimal("0.01"));
        }
        String key = "sys-" + UUID.randomUUID();
        String body = Http.json(Map.of("fromAccountId", from.toString(), "toAccountId", to.toString(),
                "amount", amount.toPlainString(), "description", "system test"));
        Map<String, String> headers = Map.of("Idempotency-Key", key);
        Http owner = commands.bearer(Tokens.customer(owners.get(from)));
        Http.Response answer = withRetries("transfer", () -> owner.postJson(transfersUri("/transfers"), body, headers));
        if (answer.status() != 201) {
            rejected.incrementAndGet();
            if (answer.status() != 422) {
                violations.add("transfer " + from + " -> " + to + " " + amount + " answered " + answer);
            }
            return;
        }
        UUID transferId = UUID.fromString(answer.json().get("transferId").asString());
        long now = System.nanoTime();
        lastAcceptedNanos.accumulateAndGet(now, Math::max);
        IssuedTransfer previous = transfers.putIfAbsent(transferId,
                new IssuedTransfer(transferId, from, to, amount, key, now));
        if (previous != null) {
            violations.add("two requests with different Idempotency-Keys got the same transfer " + transferId);
        }
        if (random.nextDouble() < settings.duplicateShare()) {
            replays.incrementAndGet();
            Http.Response again = withRetries("transfer replay", () -> owner.postJson(transfersUri("/transfers"), body, headers));
            String replayed = again.status() == 201 ? again.json().get("transferId").asString() : null;
            if (!transferId.toString().equals(replayed)) {
                violations.add("replay of Idempotency-Key " + key + " answered " + again + ", first answer " + transferId);
            }
        }
    }

    /**
     * Sends until the service answers with something other than a 5xx (an outage: connection refused,
     * reset or timed out, or a 5xx while it starts or stops), pausing between attempts. Gives up (and
     * records a violation) after three minutes.
     */
    Http.Response withRetries(String what, java.util.function.Supplier<Http.Response> send) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        long backoffMillis = 100;
        while (true) {
            Http.Response answer = send.get();
            if (!answer.noAnswer() && !answer.serverError()) {
                return answer;
            }
            if (answer.noAnswer()) {
                noAnswers.incrementAndGet();
            } else {
                serverErrors.incrementAndGet();
            }
            if (System.nanoTime() > deadline || Thread.currentThread().isInterrupted()) {
                violations.add(what + " got no answer for 3 minutes, last: " + answer);
                return answer;
            }
            retries.incrementAndGet();
            pause(backoffMillis);
            backoffMillis = Math.min(2000, backoffMillis * 2);
        }
    }

    /** Pacing of the retry loop on a scheduler (not a test wait). */
    private static void pause(long millis) {
        CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS)).join();
    }

    private void sampleViews() {
        try {
            for (UUID account : allAccounts()) {
                Http.Response answer = asOwnerOf(account).get(view("/accounts/" + account + "?waitMs=0"));
                if (answer.status() != 200) {
                    continue;
                }
                viewSamples.incrementAndGet();
                JsonNode json = answer.json();
                BigDecimal balance = new BigDecimal(json.get("balance").asString());
                if (balance.signum() < 0) {
                    violations.add("view showed a negative balance during the run: " + account + " " + balance);
                }
                lastKnownBalance.put(account, balance);
            }
        } catch (RuntimeException e) {
            // a sample during an outage: the next one comes in a second
        }
    }

    /** Waits up to {@code atMost} for a condition the driver needs (progress), without failing. */
    static boolean awaitQuietly(Duration atMost, java.util.concurrent.Callable<Boolean> condition) {
        try {
            await().atMost(atMost).pollInSameThread().pollInterval(Duration.ofMillis(200)).until(condition);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }
}
