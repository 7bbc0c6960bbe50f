package io.eventbank.view.application;

import io.eventbank.events.account.AccountEvent;
import io.eventbank.events.transfer.MoneyTransferEvent;
import io.eventbank.eventstore.EventEnvelope;
import io.eventbank.view.infrastructure.ViewGenerations;
import io.eventbank.view.infrastructure.ViewStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The projection the live subscription feeds, and the generation readers use. Normally both are the
 * current generation; while a rebuild catches up it writes to the current and the rebuilt one, and
 * after the switch only to the rebuilt one.
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

    public ViewProjector.Outcome onAccountEvent(EventEnvelope<? extends AccountEvent> envelope) {
        return apply(envelope, projector::applyAccountEvent);
    }

    public ViewProjector.Outcome onTransferEvent(EventEnvelope<? extends MoneyTransferEvent> envelope) {
        return apply(envelope, projector::applyTransferEvent);
    }

    private <E extends EventEnvelope<?>> ViewProjector.Outcome apply(
            E envelope, BiFunction<ViewStore, E, ViewProjector.Result> step) {
        ViewProjector.Result first = null;
        try {
            for (ViewStore store : writeStores) {
                ViewProjector.Result result = step.apply(store, envelope);
                first = first == null ? result : first;
            }
        } catch (VersionGapException e) {
            gaps.increment();
            throw e;
        }
        if (first.outcome() == ViewProjector.Outcome.APPLIED) {
            Duration sinceOccurred = Duration.between(envelope.occurredAt(), clock.instant());
            lag.record(sinceOccurred.isNegative() ? Duration.ZERO : sinceOccurred);
        }
        first.signalKeys().forEach(signals::signal);
        return first.outcome();
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
        generations.makeCurrent(rebuilt.names().generation());
        writeStores = List.of(rebuilt);
        readStore = rebuilt;
    }

    /** Stops writing to {@code rebuilt} (the rebuild failed). */
    public synchronized void forget(ViewStore rebuilt) {
        writeStores = List.of(readStore);
    }

    public void signalAll(List<String> keys) {
        keys.forEach(signals::signal);
    }
}
