package io.eventbank.view.application;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Wakes readers waiting for a view to reach a version. A reader takes {@link #next(String)} before
 * reading the view; the projector calls {@link #signal(String)} after every apply, completing the
 * future, so a change made after the read cannot be missed.
 */
public class VersionSignals {

    private final ConcurrentMap<String, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();

    public CompletableFuture<Void> next(String key) {
        return pending.computeIfAbsent(key, k -> new CompletableFuture<>());
    }

    public void signal(String key) {
        CompletableFuture<Void> future = pending.remove(key);
        if (future != null) {
            future.complete(null);
        }
    }

    /** Forgets {@code future} if nobody completed it (a reader gave up). */
    public void release(String key, CompletableFuture<Void> future) {
        pending.remove(key, future);
    }

    public static String account(String accountId) {
        return "Account:" + accountId;
    }

    public static String transfer(String transferId) {
        return "MoneyTransfer:" + transferId;
    }
}
