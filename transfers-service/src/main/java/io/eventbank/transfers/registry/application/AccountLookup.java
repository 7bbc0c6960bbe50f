package io.eventbank.transfers.registry.application;

import io.eventbank.transfers.TransfersProperties;
import java.time.Duration;
import io.eventbank.transfers.registry.application.AccountRegistry.RegisteredAccount;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Looks accounts up in the replicated registry, waiting up to the configured time for one that
 * is not replicated yet (woken early when this process records a registry change).
 */
@Service
public class AccountLookup {

    private final AccountRegistry registry;
    private final Duration maxWait;
    private final Duration pollInterval;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    public AccountLookup(AccountRegistry registry, TransfersProperties properties) {
        this.registry = registry;
        this.maxWait = properties.registry().waitForAccount();
        this.pollInterval = properties.registry().pollInterval();
    }

    /**
     * Those of {@code accountIds} the registry knows, by id, after waiting up to the configured time
     * for the others to be replicated; an id missing from the answer is still unknown.
     */
    public Map<UUID, RegisteredAccount> awaitKnown(Collection<UUID> accountIds) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        Set<UUID> unknown = new LinkedHashSet<>(accountIds);
        Map<UUID, RegisteredAccount> known = new HashMap<>();
        while (true) {
            Map<UUID, RegisteredAccount> found = registry.find(unknown);
            known.putAll(found);
            unknown.removeAll(found.keySet());
            long remaining = deadline - System.nanoTime();
            if (unknown.isEmpty() || remaining <= 0) {
                return known;
            }
            lock.lock();
            try {
                changed.awaitNanos(Math.min(remaining, pollInterval.toNanos()));
            } finally {
                lock.unlock();
            }
        }
    }

    /** Records a registry change ({@code ownerId} null: not named by the event) and wakes waiting requests (after the commit, inside a transaction). */
    public void record(UUID accountId, AccountRegistry.Status status, String ownerId, int version) {
        registry.record(accountId, status, ownerId, version);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    wakeWaiters();
                }
            });
        } else {
            wakeWaiters();
        }
    }

    private void wakeWaiters() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
