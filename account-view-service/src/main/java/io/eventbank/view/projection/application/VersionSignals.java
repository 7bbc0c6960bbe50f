package io.eventbank.view.projection.application;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Wakes readers waiting for a view to reach a version. A reader calls {@link #await} before reading
 * the view; the projector calls {@link #reached} with the version a write brought the view to, which
 * completes the futures of the readers whose version is reached (and only theirs), so a change made
 * after the read cannot be missed and nobody re-reads for nothing.
 */
public class VersionSignals {

    /** What a waiting reader learns: the version reached, and the view when the projector knew it (else null). */
    public record Reached(int version, Object view) {
    }

    private record Waiter(int minVersion, CompletableFuture<Reached> future) {
    }

    private final ConcurrentMap<String, List<Waiter>> waiting = new ConcurrentHashMap<>();

    /** Completes once {@code key} reaches {@code minVersion}. */
    public CompletableFuture<Reached> await(String key, int minVersion) {
        Waiter waiter = new Waiter(minVersion, new CompletableFuture<>());
        waiting.compute(key, (k, waiters) -> {
            List<Waiter> list = waiters == null ? new ArrayList<>(2) : waiters;
            list.add(waiter);
            return list;
        });
        return waiter.future();
    }

    /** {@code key} holds {@code version} now; {@code view} is that view, or null when unknown. */
    public void reached(String key, int version, Object view) {
        if (!waiting.containsKey(key)) {
            return;
        }
        List<Waiter> due = new ArrayList<>(1);
        waiting.computeIfPresent(key, (k, waiters) -> {
            waiters.removeIf(w -> w.minVersion() <= version && due.add(w));
            return waiters.isEmpty() ? null : waiters;
        });
        Reached reached = new Reached(version, view);
        due.forEach(w -> w.future().complete(reached));
    }

    /** Forgets {@code future} (the reader stopped waiting). */
    public void release(String key, CompletableFuture<Reached> future) {
        waiting.computeIfPresent(key, (k, waiters) -> {
            waiters.removeIf(w -> w.future() == future);
            return waiters.isEmpty() ? null : waiters;
        });
    }

    public static String account(String accountId) {
        return "Account:" + accountId;
    }

    public static String transfer(String transferId) {
        return "MoneyTransfer:" + transferId;
    }
}
