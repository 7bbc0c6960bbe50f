package io.eventbank.view.projection.application;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The generations of the views and which one is current. The current generation survives a restart;
 * a rebuild reserves a new one, fills it and then makes it current.
 */
public interface ViewGenerations {

    /** The generation reads and the live projection use (0 before any rebuild). */
    long current();

    /**
     * Whether a current generation is recorded (made current, or {@link #recordCurrent() recorded}): false
     * on a store that never had views, or lost them (a MongoDB that came back empty).
     */
    boolean recorded();

    /** Records the current generation as it is, so that losing it is noticed ({@link #recorded()}). */
    void recordCurrent();

    /** The highest generation ever reserved or made current. */
    long highest();

    /** Records {@code generation} as taken, so that no later rebuild picks it again. */
    void reserve(long generation);

    /** Makes {@code generation} the current one, for this instance after a restart too. */
    void makeCurrent(long generation);

    /**
     * The generation a rebuild is catching up and will switch to, which every instance writes too
     * meanwhile; empty when no rebuild is catching up.
     */
    OptionalLong building();

    /** Announces that a rebuild catches {@code generation} up: every instance is to write it too. */
    void markBuilding(long generation);

    /** Ends the announcement of {@code generation} (switched to, or given up). */
    void clearBuilding(long generation);

    /**
     * Claims the refill of a store that lost its views for {@code instance}, so that one instance
     * refills and the others follow; false when another instance holds the claim, unless that claim
     * is older than {@code staleAfter} (its holder died while refilling).
     */
    boolean claimRefill(String instance, Duration staleAfter);

    /** Gives up {@code instance}'s claim (its refill ended). */
    void releaseRefill(String instance);

    /** Records that {@code instance} is alive and writes {@code generations}. */
    void heartbeat(String instance, Set<Long> generations);

    /** The instances whose last heartbeat is at most {@code within} old, with the generations each writes. */
    Map<String, Set<Long>> instances(Duration within);

    /** The documents of {@code generation}; nothing is created or read by this call. */
    ViewStore store(long generation);
}
