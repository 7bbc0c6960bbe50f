package io.eventbank.system;

import io.eventbank.testsupport.Http;
import io.eventbank.testsupport.Tokens;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * The bank invariants after a run, against the command side (REST) and the views: conservation,
 * no negative balance, every transfer terminal in time, views equal to the command side, debits and
 * credits matching the transfers' outcomes, no transfer applied twice, poison dead-lettered.
 */
final class BankChecker {

    private static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "REFUNDED");

    /** @param stuck transfers not terminal at the end, or still listed by the saga watchdog */
    record Result(int transfers, int completed, int failed, int refunded, int faults, int redelivered, int instances,
                  int stuck, List<String> violations) {

        String line() {
            return String.format("bank-invariant: transfers=%d completed=%d failed=%d refunded=%d faults=%d "
                            + "duplicates-redelivered=%d instances=%d stuck=%d violations=%d",
                    transfers, completed, failed, refunded, faults, redelivered, instances, stuck, violations.size());
        }
    }

    /** One debit or credit of an account on the command side. */
    record Change(int version, UUID transferId, String kind, BigDecimal amount, BigDecimal balanceAfter) {
    }

    private final BankDriver driver;
    private final BankSettings settings;
    private final java.util.Queue<String> violations = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final Map<UUID, String> statuses = new ConcurrentHashMap<>();
    private final Map<UUID, Integer> transferVersions = new ConcurrentHashMap<>();

    BankChecker(BankDriver driver, BankSettings settings) {
        this.driver = driver;
        this.settings = settings;
    }

    Result check() {
        violations.addAll(driver.violations);
        FaultInjector faults = driver.faults();
        int notTerminal = awaitTerminal(faults);
        int listedStuck = watchdogListing();

        Map<UUID, List<Change>> changes = new HashMap<>();
        BigDecimal commandSum = BigDecimal.ZERO;
        BigDecimal viewSum = BigDecimal.ZERO;
        for (UUID account : driver.allAccounts()) {
            JsonNode command = get(driver.accounts("/accounts/" + account), account, "command account " + account);
            if (command == null) {
                continue;
            }
            BigDecimal balance = decimal(command.get("balance"));
            int version = command.get("version").asInt();
            String status = command.get("status").asString();
            commandSum = commandSum.add(balance);
            if (balance.signum() < 0) {
                violations.add("negative balance on the command side: " + account + " " + balance);
            }
            List<Change> history = history(account, balance);
            changes.put(account, history);

            JsonNode view = get(driver.view("/accounts/" + account + "?minVersion=" + version + "&waitMs=30000"), account,
                    "view of account " + account);
            if (view == null) {
                continue;
            }
            BigDecimal viewBalance = decimal(view.get("balance"));
            viewSum = viewSum.add(viewBalance);
            if (viewBalance.compareTo(balance) != 0 || view.get("version").asInt() != version
                    || !status.equals(view.get("status").asString())) {
                violations.add("view differs from the command side for " + account + ": view " + viewBalance + "/"
                        + view.get("status").asString() + "/v" + view.get("version").asInt() + ", command " + balance
                        + "/" + status + "/v" + version);
            }
            compareViewChanges(account, history);
        }
        BigDecimal initial = driver.initialSum();
        if (commandSum.compareTo(initial) != 0) {
            violations.add("sum of balances on the command side is " + commandSum + ", opened with " + initial);
        }
        if (viewSum.compareTo(initial) != 0) {
            violations.add("sum of balances in the views is " + viewSum + ", opened with " + initial);
        }
        checkTransfersAgainstChanges(changes);
        checkTransferViews();
        if (settings.faults()) {
            if (!faults.poisonDeadLettered(Duration.ofSeconds(90))) {
                violations.add("the poison record " + faults.poisonMarker + " is not on the dead-letter topic");
            }
            long afterPoison = driver.transfers.values().stream()
                    .filter(t -> t.acceptedAtNanos() > faults.poisonedAtNanos)
                    .filter(t -> TERMINAL.contains(statuses.get(t.transferId()))).count();
            if (afterPoison == 0) {
                violations.add("no transfer started after the poison record reached a terminal state");
            }
        }
        int completed = count("COMPLETED");
        int failed = count("FAILED");
        int refunded = count("REFUNDED");
        return new Result(driver.transfers.size(), completed, failed, refunded, faults.injected.get(),
                faults.redelivered.get(), settings.instances(), Math.max(notTerminal, listedStuck), List.copyOf(violations));
    }

    private int count(String status) {
        return (int) statuses.values().stream().filter(status::equals).count();
    }

    /**
     * This run's transfers the saga watchdog of transfers-service lists as stuck, once its next scans
     * have seen them end (at most 30 s); each one still listed is a violation.
     */
    private int watchdogListing() {
        Set<String> ours = new java.util.HashSet<>();
        driver.transfers.keySet().forEach(id -> ours.add(id.toString()));
        Http ops = new Http().bearer(Tokens.ops());
        List<String> listed = new ArrayList<>();
        BankDriver.awaitQuietly(Duration.ofSeconds(30), () -> {
            listed.clear();
            Http.Response answer = ops.get(driver.transfersUri("/admin/transfers/stuck"));
            if (answer.status() != 200) {
                return false;
            }
            answer.json().get("transfers").forEach(t -> {
                if (ours.contains(t.get("transferId").asString())) {
                    listed.add(t.get("transferId").asString() + "=" + t.get("status").asString());
                }
            });
            return listed.isEmpty();
        });
        if (!listed.isEmpty()) {
            violations.add("the saga watchdog still lists " + listed.size() + " transfers as stuck, e.g. "
                    + listed.stream().limit(5).toList());
        }
        return listed.size();
    }

    /**
     * Every transfer terminal within {@code terminalWithin} of the last fault healing (or last acceptance).
     *
     * @return how many are not
     */
    private int awaitTerminal(FaultInjector faults) {
        long from = Math.max(faults.lastHealedNanos, driver.lastAcceptedNanos.get());
        long deadline = from + settings.terminalWithin().toNanos();
        Set<UUID> pending = ConcurrentHashMap.newKeySet();
        pending.addAll(driver.transfers.keySet());
        Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1_000_000_000L));
        BankDriver.awaitQuietly(left, () -> {
            parallel(List.copyOf(pending), id -> {
                Http.Response answer = driver.asOwnerOf(driver.transfers.get(id).from())
                        .get(driver.transfersUri("/transfers/" + id));
                if (answer.status() == 200) {
                    JsonNode json = answer.json();
                    String status = json.get("status").asString();
                    statuses.put(id, status);
                    transferVersions.put(id, json.get("version").asInt());
                    if (TERMINAL.contains(status)) {
                        pending.remove(id);
                    }
                }
            });
            return pending.isEmpty();
        });
        if (!pending.isEmpty()) {
            violations.add(pending.size() + " transfers not terminal " + settings.terminalWithin().toSeconds()
                    + " s after the last fault healed, e.g. " + pending.stream().limit(5)
                    .map(id -> id + "=" + statuses.get(id)).toList());
            KafkaDiagnostics.describe(faults, driver.kafkaBootstrapServers()).forEach(System.out::println);
        }
        return pending.size();
    }

    /** The account's debits and credits from its event history; checks the balance chain on the way. */
    private List<Change> history(UUID account, BigDecimal finalBalance) {
        List<Change> changes = new ArrayList<>();
        BigDecimal balance = null;
        int fromVersion = 1;
        while (true) {
            JsonNode page = get(driver.accounts("/accounts/" + account + "/history?fromVersion=" + fromVersion
                    + "&limit=1000"), account, "history of " + account);
            if (page == null) {
                return changes;
            }
            JsonNode events = page.get("events");
            if (events.isEmpty()) {
                break;
            }
            for (JsonNode event : events) {
                int version = event.get("version").asInt();
                JsonNode payload = event.get("payload");
                switch (event.get("eventType").asString()) {
                    case "AccountOpened" -> balance = decimal(payload.get("initialBalance"));
                    case "AccountDebited" -> {
                        Change change = new Change(version, UUID.fromString(payload.get("transferId").asString()),
                                "DEBIT", decimal(payload.get("amount")), decimal(payload.get("newBalance")));
                        balance = balance.subtract(change.amount());
                        chain(account, change, balance);
                        changes.add(change);
                    }
                    case "AccountCredited" -> {
                        Change change = new Change(version, UUID.fromString(payload.get("transferId").asString()),
                                payload.get("refund").asBoolean() ? "REFUND" : "CREDIT",
                                decimal(payload.get("amount")), decimal(payload.get("newBalance")));
                        balance = balance.add(change.amount());
                        chain(account, change, balance);
                        changes.add(change);
                    }
                    default -> {
                        // failures and closing change no balance
                    }
                }
                fromVersion = version + 1;
            }
        }
        if (balance == null || balance.compareTo(finalBalance) != 0) {
            violations.add("history of " + account + " adds up to " + balance + ", the account says " + finalBalance);
        }
        return changes;
    }

    private void chain(UUID account, Change change, BigDecimal computed) {
        if (computed.compareTo(change.balanceAfter()) != 0) {
            violations.add("account " + account + " v" + change.version() + " says balance " + change.balanceAfter()
                    + ", its history adds up to " + computed);
        }
    }

    private void compareViewChanges(UUID account, List<Change> history) {
        List<Change> viewChanges = new ArrayList<>();
        int page = 0;
        while (true) {
            JsonNode answer = get(driver.view("/accounts/" + account + "/changes?page=" + page + "&size=100"),
                    account, "view changes of " + account);
            if (answer == null) {
                return;
            }
            for (JsonNode item : answer.get("items")) {
                viewChanges.add(new Change(item.get("version").asInt(), UUID.fromString(item.get("transferId").asString()),
                        item.get("kind").asString(), decimal(item.get("amount")), decimal(item.get("balanceAfter"))));
            }
            if (answer.get("items").isEmpty() || ++page >= answer.get("totalPages").asLong()) {
                break;
            }
        }
        viewChanges.sort(java.util.Comparator.comparingInt(Change::version));
        if (!sameChanges(history, viewChanges)) {
            violations.add("view changes of " + account + " differ from its history: " + viewChanges.size()
                    + " in the view, " + history.size() + " on the command side");
        }
    }

    private static boolean sameChanges(List<Change> a, List<Change> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            Change x = a.get(i);
            Change y = b.get(i);
            if (x.version() != y.version() || !x.transferId().equals(y.transferId()) || !x.kind().equals(y.kind())
                    || x.amount().compareTo(y.amount()) != 0 || x.balanceAfter().compareTo(y.balanceAfter()) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Debits, credits and refunds on the accounts must match each transfer's outcome exactly once. */
    private void checkTransfersAgainstChanges(Map<UUID, List<Change>> changes) {
        Map<String, Integer> applied = new HashMap<>();
        for (Map.Entry<UUID, List<Change>> entry : changes.entrySet()) {
            for (Change change : entry.getValue()) {
                String key = change.transferId() + "/" + change.kind() + "/" + entry.getKey();
                if (applied.merge(key, 1, Integer::sum) > 1) {
                    violations.add("transfer " + change.transferId() + " applied twice: " + change.kind() + " on "
                            + entry.getKey());
                }
                BankDriver.IssuedTransfer issued = driver.transfers.get(change.transferId());
                if (issued == null) {
                    violations.add("account " + entry.getKey() + " has a " + change.kind() + " of unknown transfer "
                            + change.transferId());
                } else if (!entry.getKey().equals(change.kind().equals("CREDIT") ? issued.to() : issued.from())) {
                    violations.add("transfer " + change.transferId() + " has a " + change.kind() + " on account "
                            + entry.getKey() + ", which it does not name in that role");
                } else if (change.amount().compareTo(issued.amount()) != 0) {
                    violations.add("transfer " + change.transferId() + " moved " + change.amount() + ", asked "
                            + issued.amount());
                }
            }
        }
        for (BankDriver.IssuedTransfer t : driver.transfers.values()) {
            String status = statuses.get(t.transferId());
            int debits = applied.getOrDefault(t.transferId() + "/DEBIT/" + t.from(), 0);
            int credits = applied.getOrDefault(t.transferId() + "/CREDIT/" + t.to(), 0);
            int refunds = applied.getOrDefault(t.transferId() + "/REFUND/" + t.from(), 0);
            String expected = switch (Objects.requireNonNullElse(status, "?")) {
                case "COMPLETED" -> "1/1/0";
                case "FAILED" -> "0/0/0";
                case "REFUNDED" -> "1/0/1";
                default -> null;
            };
            String actual = debits + "/" + credits + "/" + refunds;
            if (expected != null && !expected.equals(actual)) {
                violations.add("transfer " + t.transferId() + " is " + status + " but debits/credits/refunds are " + actual);
            }
        }
    }

    private void checkTransferViews() {
        parallel(List.copyOf(transferVersions.keySet()), id -> {
            JsonNode view = get(driver.view("/transfers/" + id + "?minVersion=" + transferVersions.get(id)
                    + "&waitMs=10000"), driver.transfers.get(id).from(), "view of transfer " + id);
            if (view != null && !Objects.equals(statuses.get(id), view.get("status").asString())) {
                violations.add("transfer view of " + id + " says " + view.get("status").asString() + ", command side "
                        + statuses.get(id));
            }
        });
    }

    /** Runs the per-transfer reads on a few threads: a soak has tens of thousands of them. */
    private static void parallel(List<UUID> ids, java.util.function.Consumer<UUID> action) {
        try (java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
            for (UUID id : ids) {
                futures.add(pool.submit(() -> action.accept(id)));
            }
            for (java.util.concurrent.Future<?> future : futures) {
                try {
                    future.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
        }
    }

    /** A read as the owner of {@code account} (for a transfer: of its source account, who initiated it). */
    private JsonNode get(java.net.URI uri, UUID account, String what) {
        Http asOwner = driver.asOwnerOf(account);
        Http.Response answer = driver.withRetries(what, () -> asOwner.get(uri));
        if (answer.status() != 200) {
            violations.add(what + " answered " + answer);
            return null;
        }
        return answer.json();
    }

    private static BigDecimal decimal(JsonNode node) {
        return new BigDecimal(node.asString());
    }
}
