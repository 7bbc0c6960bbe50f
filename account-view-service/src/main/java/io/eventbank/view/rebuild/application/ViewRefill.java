package io.eventbank.view.rebuild.application;

import io.eventbank.view.projection.application.LiveProjection;
import io.eventbank.view.projection.application.VersionGapException;
import io.eventbank.view.projection.application.ViewGenerations;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refills the views from the topics when their store lost them: a MongoDB that came back empty, or a
 * service started on an empty store while the topics hold the history. A store that lost its views
 * has no recorded current generation ({@link ViewGenerations#recorded()}); {@link #check()} then
 * starts a rebuild, which fills a new generation and switches to it. Meanwhile the live
 * projection's version gaps are waited out ({@link RefillingException}) instead of dead-lettered.
 *
 * <p>Each check also makes this instance follow rebuilds run by others ({@link LiveProjection#follow}:
 * write the announced generation too, read and write the one recorded as current) and reports what
 * it writes in its heartbeat, which a rebuild waits for before it catches up.
 */
public class ViewRefill {

    private static final Logger log = LoggerFactory.getLogger(ViewRefill.class);
    /** A refill claim this old is taken over: its holder died while refilling. */
    private static final Duration STALE_CLAIM = Duration.ofMinutes(10);

    private final ViewGenerations generations;
    private final LiveProjection projection;
    private final EventHistory history;
    private final RebuildService rebuilds;
    private final String instance;
    private volatile String refill;
    private volatile boolean recordSeen;

    public ViewRefill(ViewGenerations generations, LiveProjection projection, EventHistory history,
                      RebuildService rebuilds, String instance) {
        this.generations = generations;
        this.projection = projection;
        this.history = history;
        this.rebuilds = rebuilds;
        this.instance = instance;
    }

    /**
     * Starts a refill when the store lost its views. The first check of a process (before the live
     * subscription starts) takes a store without a recorded generation that holds documents, or whose
     * topics are empty, as it is and records it; afterwards a missing record is a loss, whatever the
     * live projection wrote since.
     */
    public synchronized void check() {
        try {
            if (rebuilds.isRunning()) {
                return;
            }
            if (refill != null) {
                generations.releaseRefill(instance);
                refill = null;
            }
            if (generations.recorded()) {
                recordSeen = true;
                projection.follow(generations.current(), generations.building());
                return;
            }
            if (!recordSeen && (!projection.readStore().isEmpty() || history.isEmpty())) {
                generations.recordCurrent();
                recordSeen = true;
                return;
            }
            if (!generations.claimRefill(instance, STALE_CLAIM)) {
                log.info("The view store has no recorded views; another instance holds the refill, this one follows it");
                projection.follow(projection.readStore().generation(), generations.building());
                return;
            }
            Optional<RebuildService.Status> started = rebuilds.start();
            if (started.isEmpty()) {
                generations.releaseRefill(instance);
                return;
            }
            // from now on this store is expected to hold views: a later missing record is a loss
            recordSeen = true;
            refill = started.get().rebuildId();
            log.warn("The view store has no recorded views (new, or lost): refilling generation {} from the topics"
                    + " (rebuild {})", started.get().generation(), started.get().rebuildId());
        } finally {
            generations.heartbeat(instance, projection.writes());
        }
    }

    /** Whether the store lost its views after this instance had seen them recorded (another instance may be refilling). */
    public boolean lost() {
        return recordSeen && !generations.recorded();
    }

    /** The refill that runs now (not an operator's rebuild): the views are incomplete until it switches. */
    public Optional<RebuildService.Status> refilling() {
        String id = refill;
        return id == null ? Optional.empty() : rebuilds.status(id)
                .filter(s -> s.state() == RebuildService.State.RUNNING || s.state() == RebuildService.State.CATCHING_UP);
    }

    /**
     * {@code handler}, except that on a version gap this instance first checks the store (and follows
     * another instance's switch, handling the events again on the new generation); a gap while the
     * views are being refilled (or rebuilt), or while the store has lost them, waits up to
     * {@code patience} for the rebuild to switch and is handled again; still refused, it is a
     * {@link RefillingException}, which the subscription waits out.
     */
    public <E, R> Function<List<E>, R> guard(Function<List<E>, R> handler, Duration patience) {
        return events -> {
            long generation = projection.readStore().generation();
            try {
                return handler.apply(events);
            } catch (VersionGapException gap) {
                check();
                if (projection.readStore().generation() != generation) {
                    // another instance's rebuild switched meanwhile: this one has followed now
                    return handler.apply(events);
                }
                if (!rebuilds.isRunning() && generations.recorded()) {
                    throw gap;
                }
                try {
                    if (rebuilds.awaitIdle(patience)) {
                        return handler.apply(events);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (VersionGapException again) {
                    if (!rebuilds.isRunning() && generations.recorded()) {
                        throw again;
                    }
                }
                throw new RefillingException(gap);
            }
        };
    }

    /** A version gap met while the views are refilled from the topics: retried until the refill switched. */
    public static final class RefillingException extends RuntimeException {

        RefillingException(VersionGapException gap) {
            super("views are being refilled from the topics; " + gap.getMessage(), gap);
        }
    }
}
