package io.eventbank.view.projection.application;

import static io.eventbank.view.TestEvents.account;
import static io.eventbank.view.TestEvents.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.eventbank.events.account.AccountClosed;
import io.eventbank.events.account.AccountCredited;
import io.eventbank.events.account.AccountEvent;
import io.eventbank.events.account.AccountOpened;
import io.eventbank.events.transfer.CreditRecorded;
import io.eventbank.events.transfer.DebitRecorded;
import io.eventbank.eventstore.EventEnvelope;
import io.eventbank.view.projection.application.ViewProjector.Outcome;
import io.eventbank.view.projection.application.ViewProjector.Reached;
import io.eventbank.view.projection.domain.AccountChange;
import io.eventbank.view.projection.domain.AccountStatus;
import io.eventbank.view.projection.domain.AccountView;
import io.eventbank.view.projection.domain.TransferStatus;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The projector's rules against the view-store port in memory: no server; and the port calls it makes. */
class ViewProjectorTest extends ViewProjectorContract<InMemoryViewStore> {

    @Override
    protected InMemoryViewStore newStore() {
        return new InMemoryViewStore();
    }

    @Override
    protected void forgetCalls() {
        store.clearCalls();
    }

    @Override
    protected void assertCalls(String... portCalls) {
        assertThat(store.calls()).containsExactly(portCalls);
    }

    @Test
    void writesAPollOfAccountEventsOnceAndReadsNothingBack() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        List<EventEnvelope<AccountEvent>> poll = List.of(
                account(a, 1, new AccountOpened("o", "a", money("10.00"))),
                account(b, 1, new AccountOpened("o", "b", money("0.00"))),
                debit(a, 2, "1.00", "9.00"),
                account(b, 2, new AccountCredited(UUID.randomUUID(), money("1.00"), false, money("1.00"))),
                account(a, 3, new AccountClosed("")));

        ViewProjector.Result result = projector.applyAccountEvents(store, poll);

        assertThat(result.outcomes()).containsOnly(Outcome.APPLIED);
        assertCalls("applyAccountDeltas", "recordChanges");
        assertThat(result.reached()).extracting(Reached::key, Reached::version)
                .containsExactlyInAnyOrder(tuple(VersionSignals.account(a.toString()), 3),
                        tuple(VersionSignals.account(b.toString()), 2));
        assertThat(view(a)).extracting(AccountView::balance, AccountView::status, AccountView::version)
                .containsExactly(money("9.00"), AccountStatus.CLOSED, 3);
    }

    @Test
    void recordsTheChangeOfADuplicateAgainSoThatAnInterruptedWriteHeals() {
        UUID id = open("10.00");
        EventEnvelope<AccountEvent> debit = debit(id, 2, "4.00", "6.00");
        applyAccount(debit);
        store.loseChange(id.toString(), 2);

        assertThat(applyAccount(debit)).isEqualTo(Outcome.DUPLICATE);

        assertThat(store.changes(id.toString(), 0, 10)).extracting(AccountChange::version).containsExactly(2);
    }

    @Test
    void signalsTheTransferViewItWroteWithoutReadingIt() {
        UUID from = open("10.00");
        UUID to = open("0.00");
        UUID t = create(from, to, "1.00", "");
        forgetCalls();

        ViewProjector.Result result = projector.applyTransferEvents(store, List.of(
                transfer(t, 2, new DebitRecorded(from, to, money("1.00"))),
                transfer(t, 3, new CreditRecorded(to, money("1.00")))));

        assertCalls("applyTransferDeltas", "writeEntries");
        assertThat(result.reached()).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo(VersionSignals.transfer(t.toString()));
            assertThat(r.version()).isEqualTo(3);
            assertThat(r.view()).isEqualTo(store.transfer(t.toString()).orElseThrow());
        });
    }

    @Test
    void readsATransferNotSeenLatelyOnceForItsAccounts() {
        UUID from = open("10.00");
        UUID to = open("0.00");
        UUID t = create(from, to, "1.00", "");
        ViewProjector restarted = new ViewProjector();
        forgetCalls();

        restarted.applyTransferEvent(store, transfer(t, 2, new DebitRecorded(from, to, money("1.00"))));
        restarted.applyTransferEvent(store, transfer(t, 3, new CreditRecorded(to, money("1.00"))));

        assertCalls("transfers", "applyTransferDeltas", "writeEntries", "applyTransferDeltas", "writeEntries");
        assertEntries(t, from, to, TransferStatus.COMPLETED, 3);
    }
}
