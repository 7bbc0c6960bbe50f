package io.eventbank.view.projection.application;

import io.eventbank.events.FailureReason;
import io.eventbank.events.Money;
import static io.eventbank.view.TestEvents.account;
import static io.eventbank.view.TestEvents.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.eventbank.events.account.AccountClosed;
import io.eventbank.events.account.AccountCredited;
import io.eventbank.events.account.AccountDebitFailedDueToInsufficientFunds;
import io.eventbank.events.account.AccountDebited;
import io.eventbank.events.account.AccountEvent;
import io.eventbank.events.account.AccountOpened;
import io.eventbank.events.transfer.CreditRecorded;
import io.eventbank.events.transfer.DebitRecorded;
import io.eventbank.events.transfer.MoneyTransferCreated;
import io.eventbank.events.transfer.MoneyTransferEvent;
import io.eventbank.events.transfer.RefundRequested;
import io.eventbank.events.transfer.TransferFailedDueToInsufficientFunds;
import io.eventbank.events.transfer.TransferRefunded;
import io.eventbank.eventstore.EventEnvelope;
import io.eventbank.view.projection.application.ViewProjector.GapHandling;
import io.eventbank.view.projection.application.ViewProjector.Outcome;
import io.eventbank.view.projection.application.ViewProjector.Reached;
import io.eventbank.view.projection.domain.AccountChange;
import io.eventbank.view.projection.domain.AccountStatus;
import io.eventbank.view.projection.domain.AccountView;
import io.eventbank.view.projection.domain.ChangeKind;
import io.eventbank.view.projection.domain.TransferEntry;
import io.eventbank.view.projection.domain.TransferStatus;
import io.eventbank.view.projection.domain.TransferView;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The projector's rules against the view-store port in memory: no server. */
class ViewProjectorTest {

    private final InMemoryViewStore store = new InMemoryViewStore();
    private final ViewProjector projector = new ViewProjector();

    @Test
    void opensAnAccountWithItsInitialBalance() {
        UUID id = UUID.randomUUID();

        assertThat(applyAccount(account(id, 1, new AccountOpened("owner-1", "Savings", money("1000.10")))))
                .isEqualTo(Outcome.APPLIED);

        AccountView view = view(id);
        assertThat(view).extracting(AccountView::ownerId, AccountView::title, AccountView::balance,
                AccountView::status, AccountView::version)
                .containsExactly("owner-1", "Savings", money("1000.10"), AccountStatus.OPEN, 1);
        assertThat(view.recentTransfers()).isEmpty();
        assertThat(view.recentChanges()).isEmpty();
        assertThat(store.accountsOfOwner("owner-1")).extracting(AccountView::accountId).containsExactly(id.toString());
    }

    @Test
    void appliesDebitOnce() {
        UUID id = open("10.00");
        EventEnvelope<AccountEvent> debit = account(id, 2, new AccountDebited(UUID.randomUUID(), money("4.00"),
                money("6.00")));

        assertThat(applyAccount(debit)).isEqualTo(Outcome.APPLIED);
        AccountView once = view(id);
        assertThat(applyAccount(debit)).isEqualTo(Outcome.DUPLICATE);

        assertThat(view(id)).isEqualTo(once);
        assertThat(once.balance()).isEqualTo(money("6.00"));
        assertThat(store.countChanges(id.toString())).isEqualTo(1);
    }

    @Test
    void recordsDebitsCreditsAndRefundsAsChangesInVersionOrder() {
        UUID id = open("100.00");
        UUID t1 = UUID.randomUUID();
        UUID t2 = UUID.randomUUID();
        UUID t3 = UUID.randomUUID();
        applyAccount(account(id, 2, new AccountDebited(t1, money("30.01"), money("69.99"))));
        applyAccount(account(id, 3, new AccountCredited(t2, money("0.02"), false, money("70.01"))));
        applyAccount(account(id, 4, new AccountDebitFailedDueToInsufficientFunds(UUID.randomUUID(), money("99.00"),
                money("70.01"))));
        applyAccount(account(id, 5, new AccountCredited(t3, money("30.01"), true, money("100.02"))));

        AccountView view = view(id);
        assertThat(view.balance()).isEqualTo(money("100.02"));
        assertThat(view.version()).isEqualTo(5);
        assertThat(view.recentChanges()).extracting(AccountChange::version, AccountChange::kind, AccountChange::amount,
                        AccountChange::balanceAfter, AccountChange::transferId)
                .containsExactly(tuple(2, ChangeKind.DEBIT, money("30.01"), money("69.99"), t1.toString()),
                        tuple(3, ChangeKind.CREDIT, money("0.02"), money("70.01"), t2.toString()),
                        tuple(5, ChangeKind.REFUND, money("30.01"), money("100.02"), t3.toString()));
        assertThat(store.changes(id.toString(), 0, 10)).containsExactlyElementsOf(view.recentChanges());
    }

    @Test
    void refusesVersionGap() {
        UUID id = open("10.00");
        AccountView before = view(id);

        assertThatThrownBy(() -> applyAccount(account(id, 3, new AccountDebited(UUID.randomUUID(), money("1.00"),
                money("9.00")))))
                .isInstanceOfSatisfying(VersionGapException.class, e -> {
                    assertThat(e.aggregateId()).isEqualTo(id.toString());
                    assertThat(e.eventVersion()).isEqualTo(3);
                    assertThat(e.viewVersion()).isEqualTo(1);
                });

        assertThat(view(id)).isEqualTo(before);
        assertThat(store.countChanges(id.toString())).isZero();
    }

    @Test
    void refusesEventsOfAnAccountNeverOpened() {
        UUID unknown = UUID.randomUUID();

        assertThatThrownBy(() -> applyAccount(account(unknown, 2, new AccountClosed(""))))
                .isInstanceOfSatisfying(VersionGapException.class, e -> assertThat(e.viewVersion()).isNull());
        assertThatThrownBy(() -> applyAccount(account(unknown, 1, new AccountClosed(""))))
                .isInstanceOf(VersionGapException.class);

        assertThat(store.account(unknown.toString())).isEmpty();
    }

    @Test
    void refusesWhatFollowsAGapOfAnAccountInAPollButAppliesTheOtherAccounts() {
        UUID gapped = open("10.00");
        UUID other = open("10.00");
        List<EventEnvelope<AccountEvent>> poll = List.of(
                account(gapped, 2, new AccountDebited(UUID.randomUUID(), money("1.00"), money("9.00"))),
                account(gapped, 4, new AccountDebited(UUID.randomUUID(), money("1.00"), money("7.00"))),
                account(other, 2, new AccountClosed("")),
                account(gapped, 3, new AccountDebited(UUID.randomUUID(), money("1.00"), money("8.00"))));

        ViewProjector.Result result = projector.applyAccountEvents(store, poll);

        assertThat(result.outcomes()).containsExactly(Outcome.APPLIED, Outcome.REFUSED, Outcome.APPLIED,
                Outcome.REFUSED);
        assertThat(result.gaps()).singleElement().satisfies(e -> {
            assertThat(e.eventVersion()).isEqualTo(4);
            assertThat(e.viewVersion()).isEqualTo(2);
        });
        assertThat(view(gapped).version()).isEqualTo(2);
        assertThat(view(other).status()).isEqualTo(AccountStatus.CLOSED);
    }

    @Test
    void decidesEachEventOnItsOwnWhenGapsAreSkipped() {
        UUID id = open("10.00");
        List<EventEnvelope<AccountEvent>> poll = List.of(
                account(id, 2, new AccountDebited(UUID.randomUUID(), money("1.00"), money("9.00"))),
                account(id, 4, new AccountDebited(UUID.randomUUID(), money("1.00"), money("7.00"))),
                account(id, 3, new AccountDebited(UUID.randomUUID(), money("1.00"), money("8.00"))));

        ViewProjector.Result result = new ViewProjector(GapHandling.SKIP, 10).applyAccountEvents(store, poll);

        assertThat(result.outcomes()).containsExactly(Outcome.APPLIED, Outcome.REFUSED, Outcome.APPLIED);
        assertThat(result.gaps()).extracting(VersionGapException::eventVersion).containsExactly(4);
        assertThat(view(id).version()).isEqualTo(3);
        assertThat(view(id).balance()).isEqualTo(money("8.00"));
    }

    @Test
    void writesAPollOfAccountEventsOnceAndReadsNothingBack() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        List<EventEnvelope<AccountEvent>> poll = List.of(
                account(a, 1, new AccountOpened("o", "a", money("10.00"))),
                account(b, 1, new AccountOpened("o", "b", money("0.00"))),
                account(a, 2, new AccountDebited(UUID.randomUUID(), money("1.00"), money("9.00"))),
                account(b, 2, new AccountCredited(UUID.randomUUID(), money("1.00"), false, money("1.00"))),
                account(a, 3, new AccountClosed("")));

        ViewProjector.Result result = projector.applyAccountEvents(store, poll);

        assertThat(result.outcomes()).containsOnly(Outcome.APPLIED);
        assertThat(store.calls()).containsExactly("applyAccountDeltas", "recordChanges");
        assertThat(result.reached()).extracting(Reached::key, Reached::version)
                .containsExactlyInAnyOrder(tuple(VersionSignals.account(a.toString()), 3),
                        tuple(VersionSignals.account(b.toString()), 2));
        assertThat(view(a)).extracting(AccountView::balance, AccountView::status, AccountView::version)
                .containsExactly(money("9.00"), AccountStatus.CLOSED, 3);
    }

    @Test
    void readsTheVersionsOnlyWhenAGuardDidNotHold() {
        UUID id = open("10.00");
        List<EventEnvelope<AccountEvent>> history = new ArrayList<>();
        for (int v = 2; v <= 6; v++) {
            history.add(account(id, v, new AccountCredited(UUID.randomUUID(), money("1.00"), false,
                    money("10.00").plus(Money.of(BigDecimal.valueOf(v - 1))))));
        }
        projector.applyAccountEvents(store, history.subList(0, 2));
        store.clearCalls();

        ViewProjector.Result result = projector.applyAccountEvents(store, history);

        assertThat(result.outcomes()).containsExactly(Outcome.DUPLICATE, Outcome.DUPLICATE, Outcome.APPLIED,
                Outcome.APPLIED, Outcome.APPLIED);
        assertThat(store.calls()).containsExactly("applyAccountDeltas", "accountVersions", "applyAccountDeltas",
                "recordChanges");
        assertThat(view(id).balance()).isEqualTo(money("15.00"));
        assertThat(store.changes(id.toString(), 0, 10)).extracting(AccountChange::version)
                .containsExactly(2, 3, 4, 5, 6);
    }

    @Test
    void recordsTheChangeOfADuplicateAgainSoThatAnInterruptedWriteHeals() {
        UUID id = open("10.00");
        EventEnvelope<AccountEvent> debit = account(id, 2, new AccountDebited(UUID.randomUUID(), money("4.00"),
                money("6.00")));
        applyAccount(debit);
        store.loseChange(id.toString(), 2);

        assertThat(applyAccount(debit)).isEqualTo(Outcome.DUPLICATE);

        assertThat(store.changes(id.toString(), 0, 10)).extracting(AccountChange::version).containsExactly(2);
    }

    @Test
    void addsATransferToBothAccountsAndMovesTheirEntriesForward() {
        UUID from = open("200.00");
        UUID to = open("0.00");
        UUID t = UUID.randomUUID();

        applyTransfer(transfer(t, 1, new MoneyTransferCreated(from, to, money("75.50"), "rent")));
        assertEntries(t, from, to, TransferStatus.NEW, 1);
        applyTransfer(transfer(t, 2, new DebitRecorded(from, to, money("75.50"))));
        assertEntries(t, from, to, TransferStatus.DEBITED, 2);
        applyTransfer(transfer(t, 3, new CreditRecorded(to, money("75.50"))));

        assertEntries(t, from, to, TransferStatus.COMPLETED, 3);
        assertThat(store.transfer(t.toString()).orElseThrow())
                .extracting(TransferView::fromAccountId, TransferView::toAccountId, TransferView::amount,
                        TransferView::description, TransferView::status, TransferView::version)
                .containsExactly(from.toString(), to.toString(), money("75.50"), "rent", TransferStatus.COMPLETED, 3);
        assertThat(view(from).recentTransfers().getFirst())
                .extracting(TransferEntry::direction, TransferEntry::counterpartyAccountId)
                .containsExactly(TransferEntry.Direction.OUTGOING, to.toString());
        assertThat(view(to).recentTransfers().getFirst())
                .extracting(TransferEntry::direction, TransferEntry::counterpartyAccountId)
                .containsExactly(TransferEntry.Direction.INCOMING, from.toString());
    }

    @Test
    void endsFailedAndRefundedTransfersWithTheirReason() {
        UUID from = open("10.00");
        UUID to = open("0.00");
        UUID poor = UUID.randomUUID();
        applyTransfer(transfer(poor, 1, new MoneyTransferCreated(from, to, money("99.00"), "")));
        applyTransfer(transfer(poor, 2, new TransferFailedDueToInsufficientFunds(from)));
        UUID refunded = UUID.randomUUID();
        applyTransfer(transfer(refunded, 1, new MoneyTransferCreated(from, to, money("3.00"), "")));
        applyTransfer(transfer(refunded, 2, new DebitRecorded(from, to, money("3.00"))));
        applyTransfer(transfer(refunded, 3, new RefundRequested(from, money("3.00"), FailureReason.DESTINATION_ACCOUNT_CLOSED)));
        applyTransfer(transfer(refunded, 4, new TransferRefunded(from, money("3.00"))));

        assertThat(store.transfer(poor.toString()).orElseThrow())
                .extracting(TransferView::status, TransferView::failureReason)
                .containsExactly(TransferStatus.FAILED, FailureReason.INSUFFICIENT_FUNDS);
        assertThat(store.transfer(refunded.toString()).orElseThrow())
                .extracting(TransferView::status, TransferView::failureReason, TransferView::version)
                .containsExactly(TransferStatus.REFUNDED, FailureReason.DESTINATION_ACCOUNT_CLOSED, 4);
        assertEntries(refunded, from, to, TransferStatus.REFUNDED, 4);
    }

    @Test
    void keepsEntriesArrivingBeforeTheAccountIsOpenedAndShowsTheAccountOnlyOnceOpened() {
        UUID from = UUID.randomUUID();
        UUID to = open("0.00");
        UUID t = UUID.randomUUID();
        applyTransfer(transfer(t, 1, new MoneyTransferCreated(from, to, money("1.00"), "early")));

        assertThat(store.account(from.toString())).isEmpty();
        assertThat(store.accountVersions(List.of(from.toString()))).containsEntry(from.toString(), 0);

        applyAccount(account(from, 1, new AccountOpened("o", "late", money("1.00"))));
        assertEntries(t, from, to, TransferStatus.NEW, 1);
        assertThat(view(from).balance()).isEqualTo(money("1.00"));
    }

    @Test
    void keepsTheLastTwentyTransfersAndChanges() {
        UUID from = open("100.00");
        UUID to = open("0.00");
        List<String> transfers = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            UUID t = UUID.randomUUID();
            transfers.add(t.toString());
            applyTransfer(transfer(t, 1, new MoneyTransferCreated(from, to, money("1.00"), "#" + i)));
            applyAccount(account(from, i + 2, new AccountDebited(t, money("1.00"),
                    money("100.00").minus(Money.of(BigDecimal.valueOf(i + 1))))));
        }

        AccountView view = view(from);
        assertThat(view.recentTransfers()).extracting(TransferEntry::transferId)
                .containsExactlyElementsOf(transfers.subList(5, 25));
        assertThat(view.recentChanges()).extracting(AccountChange::version)
                .containsExactlyElementsOf(IntStream.rangeClosed(7, 26).boxed().toList());
        assertThat(store.countChanges(from.toString())).isEqualTo(25);
    }

    @Test
    void refusesATransferVersionGapAndLeavesTheEntriesAlone() {
        UUID from = open("10.00");
        UUID to = open("0.00");
        UUID t = UUID.randomUUID();
        applyTransfer(transfer(t, 1, new MoneyTransferCreated(from, to, money("1.00"), "")));

        assertThatThrownBy(() -> applyTransfer(transfer(t, 3, new CreditRecorded(to, money("1.00")))))
                .isInstanceOf(VersionGapException.class);
        assertThatThrownBy(() -> applyTransfer(transfer(UUID.randomUUID(), 2, new DebitRecorded(from, to,
                money("1.00"))))).isInstanceOf(VersionGapException.class);

        assertThat(store.transfer(t.toString()).orElseThrow().status()).isEqualTo(TransferStatus.NEW);
        assertEntries(t, from, to, TransferStatus.NEW, 1);
    }

    @Test
    void signalsTheTransferViewItWroteWithoutReadingIt() {
        UUID from = open("10.00");
        UUID to = open("0.00");
        UUID t = UUID.randomUUID();
        applyTransfer(transfer(t, 1, new MoneyTransferCreated(from, to, money("1.00"), "")));
        store.clearCalls();

        ViewProjector.Result result = projector.applyTransferEvents(store, List.of(
                transfer(t, 2, new DebitRecorded(from, to, money("1.00"))),
                transfer(t, 3, new CreditRecorded(to, money("1.00")))));

        assertThat(store.calls()).containsExactly("applyTransferDeltas", "writeEntries");
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
        UUID t = UUID.randomUUID();
        applyTransfer(transfer(t, 1, new MoneyTransferCreated(from, to, money("1.00"), "")));
        ViewProjector restarted = new ViewProjector();
        store.clearCalls();

        restarted.applyTransferEvent(store, transfer(t, 2, new DebitRecorded(from, to, money("1.00"))));
        restarted.applyTransferEvent(store, transfer(t, 3, new CreditRecorded(to, money("1.00"))));

        assertThat(store.calls()).containsExactly("transfers", "applyTransferDeltas", "writeEntries",
                "applyTransferDeltas", "writeEntries");
        assertEntries(t, from, to, TransferStatus.COMPLETED, 3);
    }

    @Test
    void redeliveringAWholeHistoryChangesNothing() {
        UUID a = open("50.00");
        UUID b = open("0.00");
        List<EventEnvelope<AccountEvent>> accountEvents = new ArrayList<>();
        List<EventEnvelope<MoneyTransferEvent>> transferEvents = new ArrayList<>();
        for (int i = 0; i < 22; i++) {
            UUID t = UUID.randomUUID();
            transferEvents.add(transfer(t, 1, new MoneyTransferCreated(a, b, money("1.00"), "")));
            accountEvents.add(account(a, i + 2, new AccountDebited(t, money("1.00"),
                    money("50.00").minus(Money.of(BigDecimal.valueOf(i + 1))))));
            transferEvents.add(transfer(t, 2, new DebitRecorded(a, b, money("1.00"))));
            accountEvents.add(account(b, i + 2, new AccountCredited(t, money("1.00"), false,
                    Money.of(BigDecimal.valueOf(i + 1)))));
            transferEvents.add(transfer(t, 3, new CreditRecorded(b, money("1.00"))));
        }
        projector.applyAccountEvents(store, accountEvents);
        projector.applyTransferEvents(store, transferEvents);
        List<AccountView> accounts = store.allAccounts();
        List<TransferView> transfers = store.allTransfers();

        assertThat(projector.applyAccountEvents(store, accountEvents).outcomes()).containsOnly(Outcome.DUPLICATE);
        assertThat(new ViewProjector().applyTransferEvents(store, transferEvents).outcomes())
                .containsOnly(Outcome.DUPLICATE);

        assertThat(store.allAccounts()).isEqualTo(accounts);
        assertThat(store.allTransfers()).isEqualTo(transfers);
        assertThat(view(a).balance()).isEqualTo(money("28.00"));
        assertThat(view(b).recentTransfers()).hasSize(20)
                .allSatisfy(e -> assertThat(e.status()).isEqualTo(TransferStatus.COMPLETED));
        assertThat(store.countChanges(a.toString())).isEqualTo(22);
    }

    private UUID open(String balance) {
        UUID id = UUID.randomUUID();
        applyAccount(account(id, 1, new AccountOpened("owner", "acc", money(balance))));
        return id;
    }

    private AccountView view(UUID accountId) {
        return store.account(accountId.toString()).orElseThrow();
    }

    private void assertEntries(UUID transferId, UUID from, UUID to, TransferStatus status, int version) {
        for (UUID accountId : List.of(from, to)) {
            assertThat(view(accountId).recentTransfers())
                    .filteredOn(e -> e.transferId().equals(transferId.toString()))
                    .singleElement()
                    .satisfies(e -> {
                        assertThat(e.status()).isEqualTo(status);
                        assertThat(e.version()).isEqualTo(version);
                    });
        }
    }

    private Outcome applyAccount(EventEnvelope<AccountEvent> envelope) {
        return projector.applyAccountEvent(store, envelope);
    }

    private Outcome applyTransfer(EventEnvelope<MoneyTransferEvent> envelope) {
        return projector.applyTransferEvent(store, envelope);
    }

    private static Money money(String amount) {
        return Money.of(amount);
    }
}
