package io.eventbank.view.rebuild.application;

import static io.eventbank.view.TestEvents.account;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventbank.events.Money;
import io.eventbank.events.account.AccountCredited;
import io.eventbank.events.account.AccountEvent;
import io.eventbank.events.account.AccountOpened;
import io.eventbank.eventstore.EventEnvelope;
import io.eventbank.view.projection.application.InMemoryViewGenerations;
import io.eventbank.view.projection.application.LiveProjection;
import io.eventbank.view.projection.application.VersionSignals;
import io.eventbank.view.projection.application.ViewProjector;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the view on one store, each applying the events of its own partitions: a rebuild
 * run by one is written by both while it catches up, and afterwards both read and write the new
 * generation only.
 */
class RebuildAcrossInstancesTest {

    private final InMemoryViewGenerations generations = new InMemoryViewGenerations();
    private final InMemoryEventHistory history = new InMemoryEventHistory(3);
    private final Instance a = new Instance("a");
    private final Instance b = new Instance("b");
    private final UUID alice = UUID.randomUUID();

    private final class Instance {
        final LiveProjection projection = new LiveProjection(new ViewProjector(), generations, new VersionSignals(),
                new SimpleMeterRegistry(), Clock.systemUTC());
        final RebuildService rebuilds;
        final ViewRefill refill;

        Instance(String id) {
            rebuilds = new RebuildService(generations, projection, history,
                    new RebuildService.Peers(id, Duration.ofMinutes(1), Duration.ofSeconds(30)));
            refill = new ViewRefill(generations, projection, history, rebuilds, id);
        }

        /** A live event of this instance's partitions: on the topic, then applied by this instance only, as its subscription does. */
        void live(EventEnvelope<AccountEvent> event) {
            history.append(event);
            refill.guard(projection::onAccountEvents, Duration.ZERO).apply(List.of(event));
        }
    }

    @AfterEach
    void stop() {
        a.rebuilds.stop();
        b.rebuilds.stop();
    }

    @Test
    void aRebuildByOneInstanceIsWrittenByBothWhileItCatchesUpAndThenReadAndWrittenByBoth() {
        a.live(account(alice, 1, new AccountOpened("alice", "Everyday", Money.of("10.00"))));
        a.refill.check();
        b.refill.check();

        RebuildService.Status started = b.rebuilds.start().orElseThrow();
        await("generation 1 announced").atMost(Duration.ofSeconds(10)).until(() -> generations.building().isPresent());
        assertThat(b.rebuilds.status(started.rebuildId()).orElseThrow().state())
                .as("waits for instance a to write generation 1 too").isEqualTo(RebuildService.State.CATCHING_UP);
        a.refill.check();
        assertThat(a.projection.writes()).containsExactlyInAnyOrder(0L, 1L);
        await("the rebuild switched").atMost(Duration.ofSeconds(10))
                .until(() -> b.rebuilds.status(started.rebuildId()).orElseThrow().state() == RebuildService.State.COMPLETED);

        a.live(account(alice, 2, credit("5.00", "15.00")));
        assertThat(generations.store(1).account(alice.toString()).orElseThrow().version())
                .as("an event instance a applied after the catch-up's end reaches the new generation").isEqualTo(2);

        a.refill.check();

        assertThat(generations.current()).isEqualTo(1);
        assertThat(generations.building()).isEmpty();
        assertThat(a.projection.readStore().generation()).isEqualTo(1);
        assertThat(a.projection.writes()).isEqualTo(Set.of(1L));
        assertThat(b.projection.writes()).isEqualTo(Set.of(1L));
        a.live(account(alice, 3, credit("1.00", "16.00")));
        assertThat(b.projection.readStore().account(alice.toString()).orElseThrow().version()).isEqualTo(3);
    }

    @Test
    void whenTheStoreLosesItsViewsOneInstanceRefillsAndTheOtherWritesAndThenReadsItsGeneration() {
        a.live(account(alice, 1, new AccountOpened("alice", "Everyday", Money.of("10.00"))));
        a.refill.check();
        b.refill.check();
        generations.lose();
        CountDownLatch historyRead = new CountDownLatch(1);
        history.beforePoll = () -> awaitQuietly(historyRead);

        a.refill.check();
        b.refill.check();

        assertThat(a.refill.refilling()).isPresent();
        assertThat(b.refill.refilling()).as("one refill for both instances").isEmpty();
        assertThat(b.rebuilds.isRunning()).isFalse();
        assertThat(b.refill.lost()).isTrue();
        historyRead.countDown();
        await("the refill announces its generation").atMost(Duration.ofSeconds(10))
                .until(() -> generations.building().isPresent());
        b.refill.check();
        assertThat(b.projection.writes()).contains(generations.building().getAsLong());
        await("the refill switched").atMost(Duration.ofSeconds(10)).until(() -> !a.rebuilds.isRunning());
        b.live(account(alice, 2, credit("5.00", "15.00")));
        a.refill.check();
        b.refill.check();

        long refilled = generations.current();
        assertThat(refilled).isPositive();
        assertThat(b.refill.lost()).isFalse();
        assertThat(a.projection.readStore().generation()).isEqualTo(refilled);
        assertThat(b.projection.readStore().generation()).isEqualTo(refilled);
        assertThat(a.projection.readStore().account(alice.toString()).orElseThrow().version()).isEqualTo(2);
        assertThat(generations.claimRefill("another", Duration.ofMinutes(10))).as("the claim was given up").isTrue();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static AccountCredited credit(String amount, String balance) {
        return new AccountCredited(UUID.randomUUID(), Money.of(amount), false, Money.of(balance));
    }
}
