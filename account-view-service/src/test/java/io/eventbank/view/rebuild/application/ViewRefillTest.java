package io.eventbank.view.rebuild.application;

import static io.eventbank.view.TestEvents.account;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.eventbank.events.Money;
import io.eventbank.events.account.AccountCredited;
import io.eventbank.events.account.AccountEvent;
import io.eventbank.events.account.AccountOpened;
import io.eventbank.eventstore.EventEnvelope;
import io.eventbank.view.projection.application.InMemoryViewGenerations;
import io.eventbank.view.projection.application.LiveProjection;
import io.eventbank.view.projection.application.VersionGapException;
import io.eventbank.view.projection.application.VersionSignals;
import io.eventbank.view.projection.application.ViewProjector;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The refill of a store that lost its views, over in-memory history and generations. */
class ViewRefillTest {

    private final InMemoryViewGenerations generations = new InMemoryViewGenerations();
    private final LiveProjection projection = new LiveProjection(new ViewProjector(), generations,
            new VersionSignals(), new SimpleMeterRegistry(), Clock.systemUTC());
    private final InMemoryEventHistory history = new InMemoryEventHistory(3);
    private final RebuildService rebuilds = new RebuildService(generations, projection, history);
    private final ViewRefill refill = new ViewRefill(generations, projection, history, rebuilds, "self");
    private final Function<List<EventEnvelope<AccountEvent>>, ViewProjector.Result> live =
            refill.guard(projection::onAccountEvents, Duration.ZERO);
    private final UUID alice = UUID.randomUUID();

    @AfterEach
    void stop() {
        rebuilds.stop();
    }

    @Test
    void refillsAStoreThatLostItsViewsFromTheTopicsAndSwitchesToIt() {
        publishAndProject(account(alice, 1, new AccountOpened("alice", "Everyday", Money.of("10.00"))),
                account(alice, 2, credit("5.00", "15.00")));
        refill.check();
        assertThat(generations.recorded()).isTrue();
        assertThat(rebuilds.isRunning()).isFalse();

        generations.lose();
        refill.check();

        await().atMost(Duration.ofSeconds(10)).until(() -> refill.refilling().isEmpty() && !rebuilds.isRunning());
        assertThat(generations.recorded()).isTrue();
        assertThat(projection.readStore().generation()).isEqualTo(1);
        assertThat(projection.readStore().account(alice.toString())).hasValueSatisfying(view -> {
            assertThat(view.version()).isEqualTo(2);
            assertThat(view.balance()).isEqualTo(Money.of("15.00"));
        });
    }

    @Test
    void recordsAStoreThatHoldsItsViewsOrWhoseTopicsAreEmptyWithoutRefilling() {
        refill.check();
        assertThat(generations.recorded()).isTrue();

        ViewRefillTest other = new ViewRefillTest();
        other.projection.onAccountEvents(List.of(account(alice, 1, new AccountOpened("alice", "t", Money.ZERO))));
        other.history.append(account(alice, 1, new AccountOpened("alice", "t", Money.ZERO)));
        other.refill.check();

        assertThat(other.generations.recorded()).isTrue();
        assertThat(other.rebuilds.isRunning()).isFalse();
        assertThat(other.generations.current()).isZero();
    }

    @Test
    void aVersionGapWhileTheStoreLostItsViewsStartsTheRefillAndIsWaitedOut() {
        publishAndProject(account(alice, 1, new AccountOpened("alice", "Everyday", Money.of("10.00"))));
        refill.check();
        generations.lose();
        EventEnvelope<AccountEvent> next = account(alice, 2, credit("5.00", "15.00"));
        history.append(next);
        CountDownLatch historyRead = new CountDownLatch(1);
        history.beforePoll = () -> awaitQuietly(historyRead);

        assertThatThrownBy(() -> live.apply(List.of(next))).isInstanceOf(ViewRefill.RefillingException.class)
                .hasCauseInstanceOf(VersionGapException.class);
        assertThat(refill.refilling()).isPresent();

        historyRead.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> !rebuilds.isRunning());
        assertThat(live.apply(List.of(next)).outcomes()).containsExactly(ViewProjector.Outcome.DUPLICATE);
        assertThat(projection.readStore().account(alice.toString()).orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void aVersionGapDuringARefillThatEndsWithinThePatienceIsAppliedAtOnce() {
        publishAndProject(account(alice, 1, new AccountOpened("alice", "Everyday", Money.of("10.00"))));
        refill.check();
        generations.lose();
        EventEnvelope<AccountEvent> next = account(alice, 2, credit("5.00", "15.00"));
        history.append(next);
        CountDownLatch historyRead = new CountDownLatch(1);
        history.beforePoll = () -> awaitQuietly(historyRead);
        refill.check();
        Thread.ofVirtual().start(historyRead::countDown);

        ViewProjector.Result result = refill.guard(projection::onAccountEvents, Duration.ofSeconds(10)).apply(List.of(next));

        assertThat(result.outcomes()).containsExactly(ViewProjector.Outcome.DUPLICATE);
        assertThat(projection.readStore().account(alice.toString()).orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void aVersionGapOnAStoreThatHoldsItsViewsStaysAGap() {
        publishAndProject(account(alice, 1, new AccountOpened("alice", "Everyday", Money.of("10.00"))));
        refill.check();

        assertThatThrownBy(() -> live.apply(List.of(account(alice, 3, credit("1.00", "11.00")))))
                .isExactlyInstanceOf(VersionGapException.class);
        assertThat(rebuilds.isRunning()).isFalse();
    }

    private static AccountCredited credit(String amount, String balance) {
        return new AccountCredited(UUID.randomUUID(), Money.of(amount), false, Money.of(balance));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @SafeVarargs
    private void publishAndProject(EventEnvelope<AccountEvent>... events) {
        for (EventEnvelope<AccountEvent> event : events) {
            history.append(event);
        }
        projection.onAccountEvents(List.of(events));
    }
}
