package io.eventbank.view.projection.application;

import io.eventbank.events.account.AccountEvent;
import io.eventbank.events.transfer.MoneyTransferEvent;
import io.eventbank.eventstore.EventEnvelope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.function.BiFunction;

/**
 * The projection the live subscription feeds, a poll at a time, and the generation readers use.
 * Normally both are the current generation; while a rebuild catches up it writes to the current and
 * the rebuilt one, and after the switch only to the rebuilt one. A poll with a refused event (a
 * version gap, in any generation written) throws it after the rest was applied, so the subscription
 * isolates and retries it.
 */
public class LiveProjection {

    private final ViewProjector projector;
    private final ViewGenerations generations;
    private final VersionSignals signals;
    private final Clock clock;
    private final Timer lag;
    private final Counter gaps;
    private volatile ViewStore readStore;
    private volatile List<ViewStore> writeStores;

    public LiveProjection(ViewProjector projector, ViewGenerations generations, VersionSignals signals,
                          MeterRegistry meters, Clock clock) {
        this.projector = projector;
        this.generations = generations;
        this.signals = signals;
        this.clock = clock;
        this.lag = Timer.builder("view.lag").description("From event occurredAt to applied to the view")
                .publishPercentileHistogram().register(meters);
        this.gaps = Counter.builder("view.version.gaps")
                .description("Events refused because their predecessor was not applied").register(meters);
        ViewStore current = generations.store(generations.current());
        current.ensureIndexes();
        this.readStore = current;
        this.writeStores = List.of(current);
    }

    /** The subscription's handler of a poll's Account events. */
    public ViewProjector.Result onAccountEvents(List<EventEnvelope<AccountEvent>> events) {
        return apply(events, projector::applyAccountEvents);
    }

    /** The subscription's handler of a poll's MoneyTransfer events. */
    public ViewProjector.Result onTransferEvents(List<EventEnvelope<MoneyTransferEvent>> events) {
        return apply(events, projector::applyTransferEvents);
    }

    public ViewProjector.Outcome onAccountEvent(EventEnvelope<AccountEvent> envelope) {
        return onAccountEvents(List.of(envelope)).outcomes().getFirst();
    }

    public ViewProjector.Outcome onTransferEvent(EventEnvelope<MoneyTransferEvent> envelope) {
        return onTransferEvents(List.of(envelope)).outcomes().getFirst();
    }

    private <E> ViewProjector.Result apply(List<EventEnvelope<E>> events,
                                           BiFunction<ViewStore, List<EventEnvelope<E>>, ViewProjector.Result> step) {
        ViewProjector.Result first = null;
        VersionGapException refused = null;
        int refusedCount = 0;
        for (ViewStore store : writeStores) {
            ViewProjector.Result result = step.apply(store, events);
            first = first == null ? result : first;
            if (!result.gaps().isEmpty() && result.gaps().size() > refusedCount) {
                refused = result.gaps().getFirst();
                refusedCount = result.gaps().size();
            }
        }
        Instant now = clock.instant();
        for (int i = 0; i < events.size(); i++) {
            if (first.outcomes().get(i) == ViewProjector.Outcome.APPLIED) {
                Duration sinceOccurred = Duration.between(events.get(i).occurredAt(), now);
                lag.record(sinceOccurred.isNegative() ? Duration.ZERO : sinceOccurred);
            }
        }
        for (ViewProjector.Reached reached : first.reached()) {
            signals.reached(reached.key(), reached.version(), reached.view());
        }
        if (refused != null) {
            gaps.increment(refusedCount);
            throw refused;
        }
        return first;
    }

    /** The generation readers see. */
    public ViewStore readStore() {
        return readStore;
    }

    /** Live events go to the current generation and {@code rebuilt} too (the current one stays first). */
    public synchronized void alsoWriteTo(ViewStore rebuilt) {
        writeStores = List.of(readStore, rebuilt);
    }

    /** Makes {@code rebuilt} the only generation, for reads and writes. */
    public synchronized void switchTo(ViewStore rebuilt) {
        generations.makeCurrent(rebuilt.generation());
        writeStores = List.of(rebuilt);
        readStore = rebuilt;
    }

    /** Stops writing to {@code rebuilt} (the rebuild failed). */
    public synchronized void forget(ViewStore rebuilt) {
        writeStores = List.of(readStore);
    }

    /** The generations the live events go to. */
    public Set<Long> writes() {
        return writeStores.stream().map(ViewStore::generation).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Follows a rebuild run by another instance: reads and writes move to {@code current} once it is
     * recorded as such, and while {@code building} is announced the live events go to it too, so that
     * the rebuilt generation misses none of the events this instance applies.
     */
    public synchronized void follow(long current, OptionalLong building) {
        ViewStore read = readStore.generation() == current ? readStore : generations.store(current);
        List<ViewStore> writes = new ArrayList<>(List.of(read));
        if (building.isPresent() && building.getAsLong() != current) {
            long b = building.getAsLong();
            writes.add(writeStores.stream().filter(s -> s.generation() == b).findFirst()
                    .orElseGet(() -> generations.store(b)));
        }
        readStore = read;
        writeStores = List.copyOf(writes);
    }
}
