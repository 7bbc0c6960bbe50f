package io.eventbank.view.projection.application;

import io.eventbank.events.Money;
import static io.eventbank.view.TestEvents.account;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventbank.events.account.AccountClosed;
import io.eventbank.events.account.AccountCredited;
import io.eventbank.events.account.AccountOpened;
import io.eventbank.view.projection.application.ViewProjector.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The live projection over in-memory generations: metrics, signals, and the generations written and read. */
class LiveProjectionTest {

    private final InMemoryViewGenerations generations = new InMemoryViewGenerations();
    private final VersionSignals signals = new VersionSignals();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final LiveProjection projection = new LiveProjection(new ViewProjector(), generations, signals, meters,
            Clock.systemUTC());

    @Test
    void recordsTheLagOfAppliedEventsOnly() {
        UUID id = UUID.randomUUID();
        var opened = account(id, 1, new AccountOpened("o", "t", Money.of("1.00")));

        assertThat(projection.onAccountEvent(opened)).isEqualTo(Outcome.APPLIED);
        assertThat(projection.onAccountEvent(opened)).isEqualTo(Outcome.DUPLICATE);

        assertThat(meters.timer("view.lag").count()).isEqualTo(1);
    }

    @Test
    void countsAGapAndThrowsItAfterApplyingTheRestOfThePoll() {
        UUID gapped = UUID.randomUUID();
        UUID other = UUID.randomUUID();

        assertThatThrownBy(() -> projection.onAccountEvents(List.of(
                account(gapped, 2, new AccountClosed("")),
                account(other, 1, new AccountOpened("o", "t", Money.of("1.00"))))))
                .isInstanceOf(VersionGapException.class);

        assertThat(meters.counter("view.version.gaps").count()).isEqualTo(1);
        assertThat(projection.readStore().account(other.toString())).isPresent();
    }

    @Test
    void wakesAReaderWaitingForTheVersionApplied() {
        UUID id = UUID.randomUUID();
        CompletableFuture<VersionSignals.Reached> waiting = signals.await(VersionSignals.account(id.toString()), 2);
        projection.onAccountEvent(account(id, 1, new AccountOpened("o", "t", Money.of("1.00"))));
        assertThat(waiting).isNotDone();

        projection.onAccountEvent(account(id, 2, new AccountCredited(UUID.randomUUID(), Money.of("1.00"), false,
                Money.of("2.00"))));

        assertThat(waiting).succeedsWithin(Duration.ofSeconds(1))
                .extracting(VersionSignals.Reached::version).isEqualTo(2);
    }

    @Test
    void writesBothGenerationsWhileARebuildCatchesUpAndReadsTheRebuiltOneAfterTheSwitch() {
        InMemoryViewStore current = generations.store(0);
        InMemoryViewStore rebuilt = generations.store(1);
        UUID before = UUID.randomUUID();
        UUID during = UUID.randomUUID();
        UUID after = UUID.randomUUID();
        projection.onAccountEvent(account(before, 1, new AccountOpened("o", "t", Money.of("1.00"))));

        projection.alsoWriteTo(rebuilt);
        projection.onAccountEvent(account(during, 1, new AccountOpened("o", "t", Money.of("1.00"))));
        assertThat(projection.readStore()).isSameAs(current);
        projection.switchTo(rebuilt);
        projection.onAccountEvent(account(after, 1, new AccountOpened("o", "t", Money.of("1.00"))));

        assertThat(generations.current()).isEqualTo(1);
        assertThat(projection.readStore()).isSameAs(rebuilt);
        assertThat(current.allAccounts()).extracting(a -> UUID.fromString(a.accountId()))
                .containsExactlyInAnyOrder(before, during);
        assertThat(rebuilt.allAccounts()).extracting(a -> UUID.fromString(a.accountId()))
                .containsExactlyInAnyOrder(during, after);
    }

    @Test
    void stopsWritingARebuiltGenerationThatIsForgotten() {
        InMemoryViewStore rebuilt = generations.store(1);
        projection.alsoWriteTo(rebuilt);

        projection.forget(rebuilt);
        projection.onAccountEvent(account(UUID.randomUUID(), 1, new AccountOpened("o", "t", Money.of("1.00"))));

        assertThat(rebuilt.allAccounts()).isEmpty();
        assertThat(generations.current()).isZero();
    }
}
