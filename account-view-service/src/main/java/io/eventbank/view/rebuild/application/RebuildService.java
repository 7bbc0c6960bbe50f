package io.eventbank.view.rebuild.application;

import io.eventbank.events.account.AccountEvent;
import io.eventbank.events.transfer.MoneyTransferEvent;
import io.eventbank.eventstore.EventEnvelope;
import io.eventbank.view.projection.application.LiveProjection;
import io.eventbank.view.projection.application.VersionGapException;
import io.eventbank.view.projection.application.ViewGenerations;
import io.eventbank.view.projection.application.ViewProjector;
import io.eventbank.view.projection.application.ViewStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds every view from the topics alone into a fresh generation of collections, then switches
 * to it. Reads keep answering from the current generation meanwhile.
 *
 * <ol>
 * <li>history: the topics, read from the beginning ({@link EventHistory}) up to their ends taken at
 *     the start, are folded in memory ({@link GenerationBuilder}: nobody else writes the new generation
 *     yet) and written in large writes while the reading goes on;</li>
 * <li>catch-up: the live projection starts writing to both generations, and the new one is announced
 *     ({@link ViewGenerations#markBuilding}) so that the other instances, each applying the events of
 *     its own partitions, write it too; once every live instance reports that it does (or
 *     {@link Peers#timeout} passed), the rebuild reads on and applies everything up to the ends taken
 *     after that moment through the live path (guarded bulk writes per poll), so each event is applied
 *     to the new generation by the rebuild, a live projection, or both (harmless: versions);</li>
 * <li>switch: the new generation is recorded as current; reads and the live projection of this
 *     instance use it only, the other instances follow at their next check; the old collections
 *     stay until dropped by an operator.</li>
 * </ol>
 * A live event whose predecessor the rebuild has not reached yet during catch-up is refused as a
 * gap and retried by the subscription until it has. One rebuild at a time per instance.
 */
public class RebuildService {

    public enum State {
        RUNNING, CATCHING_UP, COMPLETED, FAILED
    }

    /**
     * @param eventsSkipped unreadable records and records of unknown aggregate or event types
     * @param eventsRefused events whose predecessor is missing from the topics (version gaps)
     */
    public record Status(String rebuildId, State state, long generation, long eventsProcessed,
                         long eventsSkipped, long eventsRefused, double eventsPerSecond, Instant startedAt, Instant finishedAt,
                         String error) {
    }

    /**
     * The other instances of the view, known by their heartbeats.
     *
     * @param self     this instance's id in {@link ViewGenerations#instances}
     * @param liveness an instance whose last heartbeat is older is not waited for
     * @param timeout  how long the catch-up waits for the others to write the new generation too
     */
    public record Peers(String self, Duration liveness, Duration timeout) {

        /** One instance only: nobody to wait for. */
        public static Peers alone() {
            return new Peers("alone", Duration.ZERO, Duration.ZERO);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(RebuildService.class);

    /** Events folded in memory between two bulk writes of the rebuilt documents. */
    private static final int FLUSH_EVERY = 50_000;

    private final ViewGenerations generations;
    private final LiveProjection projection;
    private final EventHistory history;
    private final Peers peers;
    private final ViewProjector projector = new ViewProjector(ViewProjector.GapHandling.SKIP, 20_000);
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private volatile Run active;
    private volatile boolean stopping;

    public RebuildService(ViewGenerations generations, LiveProjection projection, EventHistory history) {
        this(generations, projection, history, Peers.alone());
    }

    public RebuildService(ViewGenerations generations, LiveProjection projection, EventHistory history, Peers peers) {
        this.generations = generations;
        this.projection = projection;
        this.history = history;
        this.peers = peers;
    }

    /** Starts a rebuild; empty when one is running already. */
    public synchronized Optional<Status> start() {
        if (active != null) {
            return Optional.empty();
        }
        long generation = Math.max(Math.max(generations.highest(), generations.current()),
                projection.readStore().generation()) + 1;
        generations.reserve(generation);
        Run run = new Run(UUID.randomUUID().toString(), generation);
        runs.put(run.id, run);
        active = run;
        Thread.ofVirtual().name("view-rebuild-" + generation).start(() -> execute(run));
        return Optional.of(run.status());
    }

    /** Whether a rebuild runs in this instance. */
    public boolean isRunning() {
        return active != null;
    }

    /** Waits at most {@code timeout} for the running rebuild, if any, to end; returns whether none runs. */
    public synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (active != null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    public Optional<Status> status(String rebuildId) {
        return Optional.ofNullable(runs.get(rebuildId)).map(Run::status);
    }

    /** Makes a running rebuild fail at its next poll (the service is shutting down). */
    public void stop() {
        stopping = true;
    }

    private void execute(Run run) {
        ViewStore target = generations.store(run.generation);
        try {
            target.drop();
            target.ensureIndexes();
            try (EventHistory.Reading reading = history.open(run.id)) {
                reading.markEnd();
                try (GenerationBuilder builder = new GenerationBuilder(target)) {
                    while (!reading.reachedMark()) {
                        List<EventEnvelope<?>> envelopes = poll(reading, run);
                        count(run, envelopes.size(), builder.add(envelopes));
                        builder.flushIfDue(FLUSH_EVERY);
                    }
                    builder.finish();
                }
                run.state = State.CATCHING_UP;
                projection.alsoWriteTo(target);
                generations.markBuilding(run.generation);
                awaitPeersWriting(run);
                reading.markEnd();
                while (!reading.reachedMark()) {
                    List<EventEnvelope<?>> envelopes = poll(reading, run);
                    List<EventEnvelope<AccountEvent>> accountEvents = new ArrayList<>();
                    List<EventEnvelope<MoneyTransferEvent>> transferEvents = new ArrayList<>();
                    GenerationBuilder.split(envelopes, accountEvents, transferEvents);
                    List<VersionGapException> refused = new ArrayList<>();
                    refused.addAll(projector.applyAccountEvents(target, accountEvents).gaps());
                    refused.addAll(projector.applyTransferEvents(target, transferEvents).gaps());
                    count(run, envelopes.size(), refused);
                }
                projection.switchTo(target);
                generations.clearBuilding(run.generation);
            }
            run.finish(State.COMPLETED, null);
            log.info("View rebuild {} completed: generation {} from {} events", run.id, run.generation,
                    run.processed.get());
        } catch (Exception e) {
            projection.forget(target);
            try {
                generations.clearBuilding(run.generation);
            } catch (RuntimeException again) {
                log.warn("View rebuild {} could not withdraw generation {}: {}", run.id, run.generation, again.toString());
            }
            run.finish(State.FAILED, e.toString());
            log.error("View rebuild {} failed; reads stay on the current generation", run.id, e);
        } finally {
            synchronized (this) {
                active = null;
                notifyAll();
            }
        }
    }

    /** Until every other live instance writes the new generation too, at most {@link Peers#timeout}. */
    private void awaitPeersWriting(Run run) throws InterruptedException {
        long deadline = System.nanoTime() + peers.timeout().toNanos();
        while (true) {
            List<String> behind = generations.instances(peers.liveness()).entrySet().stream()
                    .filter(i -> !i.getKey().equals(peers.self()) && !i.getValue().contains(run.generation))
                    .map(Map.Entry::getKey).toList();
            if (behind.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                log.warn("View rebuild {}: instances {} do not write generation {} after {}; catching up without them"
                        + " (events they apply meanwhile may be missing from it until they do)", run.id, behind,
                        run.generation, peers.timeout());
                return;
            }
            if (stopping) {
                throw new IllegalStateException("Shutting down");
            }
            Thread.sleep(200);
        }
    }

    /** One poll's banking events; the records skipped are counted. */
    private List<EventEnvelope<?>> poll(EventHistory.Reading reading, Run run) {
        if (stopping) {
            throw new IllegalStateException("Shutting down");
        }
        EventHistory.Poll poll = reading.poll();
        run.skipped.addAndGet(poll.skipped());
        return poll.events();
    }

    private static void count(Run run, int events, List<VersionGapException> refused) {
        // as on the live path, where they end on the dead-letter topic: refused, never applied
        for (VersionGapException gap : refused) {
            log.warn("View rebuild {} refuses {}", run.id, gap.getMessage());
        }
        run.refused.addAndGet(refused.size());
        run.processed.addAndGet(events - refused.size());
    }

    private static final class Run {
        final String id;
        final long generation;
        final Instant startedAt = Instant.now();
        final AtomicLong processed = new AtomicLong();
        final AtomicLong skipped = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        volatile State state = State.RUNNING;
        volatile Instant finishedAt;
        volatile String error;

        Run(String id, long generation) {
            this.id = id;
            this.generation = generation;
        }

        void finish(State end, String failure) {
            error = failure;
            finishedAt = Instant.now();
            state = end;
        }

        Status status() {
            Instant until = finishedAt == null ? Instant.now() : finishedAt;
            double seconds = Math.max(Duration.between(startedAt, until).toMillis(), 1) / 1000.0;
            return new Status(id, state, generation, processed.get(), skipped.get(), refused.get(),
                    processed.get() / seconds,
                    startedAt, finishedAt, error);
        }
    }
}
