package io.eventbank.view.projection.application;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The generations port in memory: one {@link InMemoryViewStore} per generation. */
public class InMemoryViewGenerations implements ViewGenerations {

    private final Map<Long, InMemoryViewStore> stores = new ConcurrentHashMap<>();
    private volatile long current;
    private volatile long highest;
    private volatile boolean recorded;
    private volatile Long building;
    private final Map<String, Set<Long>> instances = new ConcurrentHashMap<>();

    @Override
    public OptionalLong building() {
        Long b = building;
        return b == null ? OptionalLong.empty() : OptionalLong.of(b);
    }

    @Override
    public void markBuilding(long generation) {
        building = generation;
    }

    @Override
    public synchronized void clearBuilding(long generation) {
        if (building != null && building == generation) {
            building = null;
        }
    }

    private String refillClaim;

    @Override
    public synchronized boolean claimRefill(String instance, Duration staleAfter) {
        if (refillClaim == null) {
            refillClaim = instance;
        }
        return refillClaim.equals(instance);
    }

    @Override
    public synchronized void releaseRefill(String instance) {
        if (instance.equals(refillClaim)) {
            refillClaim = null;
        }
    }

    @Override
    public void heartbeat(String instance, Set<Long> generations) {
        instances.put(instance, Set.copyOf(generations));
    }

    @Override
    public Map<String, Set<Long>> instances(Duration within) {
        return Map.copyOf(instances);
    }

    @Override
    public boolean recorded() {
        return recorded;
    }

    @Override
    public void recordCurrent() {
        recorded = true;
    }

    /** The store lost its data, as a MongoDB restarted empty: every generation empty, nothing recorded. */
    public synchronized void lose() {
        stores.values().forEach(InMemoryViewStore::drop);
        current = 0;
        highest = 0;
        recorded = false;
        building = null;
        refillClaim = null;
        instances.clear();
    }

    @Override
    public long current() {
        return current;
    }

    @Override
    public long highest() {
        return highest;
    }

    @Override
    public synchronized void reserve(long generation) {
        highest = Math.max(highest, generation);
    }

    @Override
    public void makeCurrent(long generation) {
        current = generation;
        recorded = true;
    }

    @Override
    public InMemoryViewStore store(long generation) {
        return stores.computeIfAbsent(generation, InMemoryViewStore::new);
    }
}
