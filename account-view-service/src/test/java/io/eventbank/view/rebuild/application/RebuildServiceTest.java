package io.eventbank.view.rebuild.application;

import io.eventbank.events.Money;
import static io.eventbank.view.TestEvents.account;
import static io.eventbank.view.TestEvents.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventbank.events.account.AccountClosed;
import io.eventbank.events.account.AccountCredited;
import io.eventbank.events.account.AccountDebited;
import io.eventbank.events.account.AccountEvent;
import io.eventbank.events.account.AccountOpened;
import io.eventbank.events.transfer.CreditRecorded;
import io.eventbank.events.transfer.DebitRecorded;
import io.eventbank.events.transfer.MoneyTransferCreated;
import io.eventbank.events.transfer.MoneyTransferEvent;
import io.eventbank.eventstore.EventEnvelope;
import io.eventbank.view.projection.application.InMemoryViewGenerations;
import io.eventbank.view.projection.application.InMemoryViewStore;
import io.eventbank.view.projection.application.LiveProjection;
import io.eventbank.view.projection.application.VersionSignals;
import io.eventbank.view.projection.application.ViewProjector;
import io.eventbank.view.rebuild.application.RebuildService.State;
import io.eventbank.view.rebuild.application.RebuildService.Status;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The rebuild use case over in-memory history and generations: no broker, no server. */
class RebuildServiceTest {

    private final InMemoryViewGenerations generations = new InMemoryViewGenerations();
    private final LiveProjection projection = new LiveProjection(new ViewProjector(), generations,
            new VersionSignals(), new SimpleMeterRegistry(), Clock.systemUTC());
    private final InMemoryEventHistory history = new InMemoryEventHistory(3);
    private final RebuildService rebuilds = new RebuildService(generations, projection, history);

    @AfterEach
    void stop() {
        rebuilds.stop();
    }

    @Test
    void rebuildsTheHistoryIntoANewGenerationEqualToTheLiveOneAndSwitchesToIt() {
        List<EventEnvelope<?>> events = bank();
        events.forEach(history::append);
        UUID gapped = UUID.randomUUID();
        history.append(account(gapped, 1, new AccountOpened("o", "gap", money("1.00"))));
        history.append(account(gapped, 3, new AccountClosed("")));
        history.append(null);
        InMemoryViewStore live = liveViewsOf(history);

        Status done = awaitEnd(rebuilds.start().orElseThrow());

        assertThat(done.state()).isEqualTo(State.COMPLETED);
        assertThat(done.generation()).isEqualTo(1);
        assertThat(done.eventsProcessed()).isEqualTo(events.size() + 1);
        assertThat(done.eventsRefused()).isEqualTo(1);
        assertThat(done.eventsSkipped()).isEqualTo(1);
        assertThat(generations.current()).isEqualTo(1);
        assertThat(projection.readStore()).isSameAs(generations.store(1));
        assertThat(generations.store(1).allAccounts()).isEqualTo(live.allAccounts()).hasSize(3);
        assertThat(generations.store(1).allTransfers()).isEqualTo(live.allTransfers()).hasSize(1);
    }

    @Test
    void appliesWhatArrivedDuringTheHistoryThroughTheLivePathBeforeSwitching() {
        bank().forEach(history::append);
        UUID late = UUID.randomUUID();
        EventEnvelope<AccountEvent> opened = account(late, 1, new AccountOpened("o", "late", money("2.00")));
        AtomicBoolean arrived = new AtomicBoolean();
        history.beforePoll = () -> {
            if (arrived.compareAndSet(false, true)) {
                history.append(opened); // after the end the history phase reads up to
                projection.onAccountEvent(opened);
            }
        };

        Status done = awaitEnd(rebuilds.start().orElseThrow());

        assertThat(done.state()).isEqualTo(State.COMPLETED);
        assertThat(done.eventsProcessed()).isEqualTo(bank().size() + 1);
        assertThat(projection.readStore().account(late.toString())).isPresent();
    }

    @Test
    void startsNoSecondRebuildWhileOneRuns() throws InterruptedException {
        bank().forEach(history::append);
        CountDownLatch polling = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        history.beforePoll = () -> {
            polling.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        Status first = rebuilds.start().orElseThrow();
        polling.await();

        assertThat(rebuilds.start()).isEmpty();
        release.countDown();
        assertThat(awaitEnd(first).state()).isEqualTo(State.COMPLETED);
        assertThat(awaitEnd(rebuilds.start().orElseThrow()).generation()).isEqualTo(2);
        assertThat(generations.current()).isEqualTo(2);
    }

    @Test
    void aFailedRebuildLeavesReadsAndLiveWritesOnTheCurrentGeneration() {
        bank().forEach(history::append);
        history.beforePoll = () -> {
            throw new IllegalStateException("broker gone");
        };

        Status failed = awaitEnd(rebuilds.start().orElseThrow());

        assertThat(failed.state()).isEqualTo(State.FAILED);
        assertThat(failed.error()).contains("broker gone");
        assertThat(generations.current()).isZero();
        assertThat(projection.readStore()).isSameAs(generations.store(0));
        projection.onAccountEvent(account(UUID.randomUUID(), 1, new AccountOpened("o", "t", money("1.00"))));
        assertThat(generations.store(failed.generation()).allAccounts()).isEmpty();
    }

    @Test
    void knowsNoRebuildItNeverStarted() {
        assertThat(rebuilds.status(UUID.randomUUID().toString())).isEmpty();
    }

    private Status awaitEnd(Status started) {
        await().atMost(Duration.ofSeconds(10)).until(() -> rebuilds.status(started.rebuildId()).orElseThrow().state(),
                state -> state == State.COMPLETED || state == State.FAILED);
        return rebuilds.status(started.rebuildId()).orElseThrow();
    }

    /** The views the live projector builds from the same records, one by one, gaps dropped. */
    @SuppressWarnings("unchecked")
    private static InMemoryViewStore liveViewsOf(InMemoryEventHistory history) {
        InMemoryViewStore store = new InMemoryViewStore();
        ViewProjector projector = new ViewProjector(ViewProjector.GapHandling.SKIP, 100);
        EventHistory.Reading reading = history.open("reference");
        reading.markEnd();
        while (!reading.reachedMark()) {
            for (EventEnvelope<?> e : reading.poll().events()) {
                if (e.event() instanceof AccountEvent) {
                    projector.applyAccountEvents(store, List.of((EventEnvelope<AccountEvent>) e));
                } else {
                    projector.applyTransferEvents(store, List.of((EventEnvelope<MoneyTransferEvent>) e));
                }
            }
        }
        return store;
    }

    /** Two accounts and a completed transfer between them. */
    private static List<EventEnvelope<?>> bank() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID t = UUID.randomUUID();
        List<EventEnvelope<?>> events = new ArrayList<>();
        events.add(account(a, 1, new AccountOpened("o", "a", money("10.00"))));
        events.add(account(b, 1, new AccountOpened("o", "b", money("0.00"))));
        events.add(transfer(t, 1, new MoneyTransferCreated(a, b, money("4.00"), "")));
        events.add(account(a, 2, new AccountDebited(t, money("4.00"), money("6.00"))));
        events.add(transfer(t, 2, new DebitRecorded(a, b, money("4.00"))));
        events.add(account(b, 2, new AccountCredited(t, money("4.00"), false, money("4.00"))));
        events.add(transfer(t, 3, new CreditRecorded(b, money("4.00"))));
        return events;
    }

    private static Money money(String amount) {
        return Money.of(amount);
    }
}
