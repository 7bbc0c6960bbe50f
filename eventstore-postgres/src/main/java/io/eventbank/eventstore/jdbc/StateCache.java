package io.eventbank.eventstore.jdbc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Committed aggregate states kept in memory, so that a load reads only the events after the cached
 * version instead of a snapshot and its tail. An entry is a fold of a committed prefix of the
 * aggregate's history, which never changes (events are append-only), so an entry can be old but
 * never wrong: whatever other writers appended after it is read and folded on top. Entries are
 * added only once the transaction that read or wrote them commits, never for one that rolls back.
 */
final class StateCache {

    private record Key(String type, UUID id) {
    }

    /** @param snapshotVersion version of the newest snapshot known to be stored (0: none known) */
    record Entry(int version, Object state, int snapshotVersion) {
    }

    private final Cache<Key, Entry> entries;

    StateCache(int maximumSize) {
        this.entries = Caffeine.newBuilder().maximumSize(maximumSize).build();
    }

    Entry get(String type, UUID id) {
        return entries.getIfPresent(new Key(type, id));
    }

    /** Keeps {@code entries} (by id) once the current transaction commits (at once without one); a newer entry wins. */
    void putAfterCommit(String type, Map<UUID, Entry> entries) {
        if (!entries.isEmpty()) {
            afterCommit(() -> entries.forEach((id, entry) -> put(new Key(type, id), entry)));
        }
    }

    /** Forgets {@code ids}, e.g. after a conflict that could mean the stored history is not what was cached. */
    void evict(String type, Collection<UUID> ids) {
        for (UUID id : ids) {
            entries.invalidate(new Key(type, id));
        }
    }

    long size() {
        return entries.estimatedSize();
    }

    private void put(Key key, Entry entry) {
        entries.asMap().merge(key, entry, (old, fresh) -> fresh.version() >= old.version()
                ? new Entry(fresh.version(), fresh.state(), Math.max(old.snapshotVersion(), fresh.snapshotVersion()))
                : new Entry(old.version(), old.state(), Math.max(old.snapshotVersion(), fresh.snapshotVersion())));
    }

    private static void afterCommit(Runnable action) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    action.run();
                }
            });
        } else {
            action.run();
        }
    }
}
