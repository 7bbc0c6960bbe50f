package io.eventbank.view.projection.application;

import static io.eventbank.view.TestEvents.account;
import static io.eventbank.view.TestEvents.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.eventbank.events.FailureReason;
import io.eventbank.events.Money;
import io.eventbank.events.account.AccountClosed;
import io.eventbank.events.account.AccountCreditFailedAccountClosed;
import io.eventbank.events.account.AccountCredited;
import io.eventbank.events.account.AccountDebitFailedAccountClosed;
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
import io.eventbank.events.transfer.TransferFailedSourceAccountClosed;
import io.eventbank.events.transfer.TransferRefunded;
import io.eventbank.eventstore.EventEnvelope;
import io.eventbank.view.projection.application.ViewProjector.GapHandling;
import io.eventbank.view.projection.application.ViewProjector.Outcome;
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
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the projector does against any view store: the rules every store behind the port must keep. A subclass
 * provides the store and tells how the port calls it saw are recorded.
 */
public abstract class ViewProjectorContract<S extends ViewStore> {

    protected final ViewProjector projector = new ViewProjector();
    protected S store;

    /** A fresh, empty store for each test. */
    protected abstract S newStore();

    /** Forgets the port calls seen so far. */
    protected abstract void forgetCalls();

    /** The port calls (by the port's method names) seen since {@link #forgetCalls()}, as this store records them. */
    protected abstract void assertCalls(String... portCalls);

    @BeforeEach
    void freshStore() {
        store = newStore();
    }

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
    void appliesTheSameEventOnce() {
        UUID id = open("10.00");
        EventEnvelope<AccountEvent> debit = debit(id, 2, "4.00", "6.00");

        assertThat(applyAccount(debit)).isEqualTo(Outcome.APPLIED);
        AccountView once = view(id);
        assertThat(applyAccount(debit)).isEqualTo(Outcome.DUPLICATE);
        assertThat(applyAccount(account(id, 1, new AccountOpened("owner", "acc", money("10.00")))))
                .isEqualTo(Outcome.DUPLICATE);

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
        assertThat(store.changes(id.toString(), 0, 100)).containsExactlyElementsOf(view.recentChanges());
    }

    @Test
    void failedDebitsAndCreditsOnlyAdvanceTheVersionAndClosingSetsTheStatus() {
        UUID id = open("5.00");
        applyAccount(account(id, 2, new AccountDebitFailedDueToInsufficientFunds(UUID.randomUUID(), money("9.00"),
                money("5.00"))));
        applyAccount(debit(id, 3, "5.00", "0.00"));
        applyAccount(account(id, 4, new AccountClosed("done")));
        applyAccount(account(id, 5, new AccountDebitFailedAccountClosed(UUID.randomUUID(), money("1.00"))));
        applyAccount(account(id, 6, new AccountCreditFailedAccountClosed(UUID.randomUUID(), money("2.00"))));

        AccountView view = view(id);
        assertThat(view.version()).isEqualTo(6);
        assertThat(view.status()).isEqualTo(AccountStatus.CLOSED);
        assertThat(view.balance()).isEqualTo(money("0.00"));
        assertThat(view.recentChanges()).extracting(AccountChange::version).containsExactly(3);
        assertThat(store.countChanges(id.toString())).isEqualTo(1);
    }

    @Test
    void refusesVersionGap() {
        UUID id = open("10.00");
        AccountView before = view(id);

        assertThatThrownBy(() -> applyAccount(debit(id, 3, "1.00", "9.00")))
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
                debit(gapped, 2, "1.00", "9.00"),
                debit(gapped, 4, "1.00", "7.00"),
                account(other, 2, new AccountClosed("")),
                debit(gapped, 3, "1.00", "8.00"));

        ViewProjector.Result result = projector.applyAccountEvents(store, poll);

        assertThat(result.outcomes()).containsExactly(Outcome.APPLIED, Outcome.REFUSED, Outcome.APPLIED,
                Outcome.REFUSED);
        assertThat(result.gaps()).singleElement().satisfies(e -> {
            assertThat(e.aggregateId()).isEqualTo(gapped.toString());
            assertThat(e.eventVersion()).isEqualTo(4);
            assertThat(e.viewVersion()).isEqualTo(2);
        });
        assertThat(view(gapped).version()).isEqualTo(2);
        assertThat(view(other).status()).isEqualTo(AccountStatus.CLOSED);
        // the rebuild decides each event on its own: version 3 follows version 2
        ViewProjector.Result skipping = new ViewProjector(GapHandling.SKIP, 10).applyAccountEvents(store, poll);
        assertThat(skipping.outcomes()).containsExactly(Outcome.DUPLICATE, Outcome.REFUSED, Outcome.DUPLICATE,
                Outcome.APPLIED);
        assertThat(view(gapped).version()).isEqualTo(3);
    }

    @Test
    void decidesEachEventOnItsOwnWhenGapsAreSkipped() {
        UUID id = open("10.00");
        List<EventEnvelope<AccountEvent>> poll = List.of(
                debit(id, 2, "1.00", "9.00"),
                debit(id, 4, "1.00", "7.00"),
                debit(id, 3, "1.00", "8.00"));

        ViewProjector.Result result = new ViewProjector(GapHandling.SKIP, 10).applyAccountEvents(store, poll);

        assertThat(result.outcomes()).containsExactly(Outcome.APPLIED, Outcome.REFUSED, Outcome.APPLIED);
        assertThat(result.gaps()).extracting(VersionGapException::eventVersion).containsExactly(4);
        assertThat(view(id).version()).isEqualTo(3);
        assertThat(view(id).balance()).isEqualTo(money("8.00"));
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
        forgetCalls();

        ViewProjector.Result result = projector.applyAccountEvents(store, history);

        assertThat(result.outcomes()).containsExactly(Outcome.DUPLICATE, Outcome.DUPLICATE, Outcome.APPLIED,
                Outcome.APPLIED, Outcome.APPLIED);
        assertCalls("applyAccountDeltas", "accountVersions", "applyAccountDeltas", "recordChanges");
        assertThat(view(id).version()).isEqualTo(6);
        assertThat(view(id).balance()).isEqualTo(money("15.00"));
        assertThat(store.changes(id.toString(), 0, 10)).extracting(AccountChange::version)
                .containsExactly(2, 3, 4, 5, 6);
    }

    @Test
    void addsATransferToBothAccountsAndMovesTheirEntriesForward() {
        UUID from = open("200.00");
        UUID to = open("0.00");
        UUID t = create(from, to, "75.50", "rent");

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
                .extracting(TransferEntry::direction, TransferEntry::counterpartyAccountId, TransferEntry::amount)
                .containsExactly(TransferEntry.Direction.INCOMING, from.toString(), money("75.50"));
    }

    @Test
    void keepsTheTransfersInitiatorThroughItsLifeAndNoneForATransferCreatedBeforeInitiators() {
        UUID from = open("10.00");
        UUID to = open("0.00");
        UUID t = UUID.randomUUID();
        applyTransfer(transfer(t, 1, new MoneyTransferCreated(from, to, money("1.00"), "", "alice")));
        applyTransfer(transfer(t, 2, new DebitRecorded(from, to, money("1.00"))));
        applyTransfer(transfer(t, 3, new CreditRecorded(to, money("1.00"))));
        UUID old = create(from, to, "1.00", "before initiators");
        applyTransfer(transfer(old, 2, new TransferFailedDueToInsufficientFunds(from)));

        assertThat(store.transfer(t.toString()).orElseThrow())
                .extracting(TransferView::initiatedBy, TransferView::status, TransferView::version)
                .containsExactly("alice", TransferStatus.COMPLETED, 3);
        assertThat(store.transfer(old.toString()).orElseThrow())
                .extracting(TransferView::initiatedBy, TransferView::status)
                .containsExactly(null, TransferStatus.FAILED);
        assertThat(store.transfers(List.of(t.toString(), old.toString())))
                .extractingFromEntries(e -> e.getValue().initiatedBy())
                .containsExactlyInAnyOrder("alice", null);
    }

    @Test
    void endsFailedAndRefundedTransfersWithTheirReason() {
        UUID from = open("10.00");
        UUID to = open("0.00");
        UUID poor = create(from, to, "99.00", "");
        applyTransfer(transfer(poor, 2, new TransferFailedDueToInsufficientFunds(from)));
        UUID closed = create(from, to, "1.00", "");
        applyTransfer(transfer(closed, 2, new TransferFailedSourceAccountClosed(from)));
        UUID refunded = refund(from, to, "3.00", FailureReason.DESTINATION_ACCOUNT_CLOSED);
        UUID refundedWithoutReason = refund(from, to, "2.00", null);

        assertThat(store.transfer(poor.toString()).orElseThrow())
                .extracting(TransferView::status, TransferView::failureReason)
                .containsExactly(TransferStatus.FAILED, FailureReason.INSUFFICIENT_FUNDS);
        assertThat(store.transfer(closed.toString()).orElseThrow())
                .extracting(TransferView::status, TransferView::failureReason)
                .containsExactly(TransferStatus.FAILED, FailureReason.SOURCE_ACCOUNT_CLOSED);
        for (UUID t : List.of(refunded, refundedWithoutReason)) {
            assertThat(store.transfer(t.toString()).orElseThrow())
                    .extracting(TransferView::status, TransferView::failureReason, TransferView::version)
                    .containsExactly(TransferStatus.REFUNDED, FailureReason.DESTINATION_ACCOUNT_CLOSED, 4);
            assertEntries(t, from, to, TransferStatus.REFUNDED, 4);
        }
        assertEntries(poor, from, to, TransferStatus.FAILED, 2);
    }

    @Test
    void keepsEntriesArrivingBeforeTheAccountIsOpenedAndShowsTheAccountOnlyOnceOpened() {
        UUID from = UUID.randomUUID();
        UUID to = open("0.00");
        UUID t = create(from, to, "1.00", "early");

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
            UUID t = create(from, to, "1.00", "#" + i);
            transfers.add(t.toString());
            applyAccount(account(from, i + 2, new AccountDebited(t, money("1.00"),
                    money("100.00").minus(Money.of(BigDecimal.valueOf(i + 1))))));
        }

        AccountView view = view(from);
        assertThat(view.recentTransfers()).extracting(TransferEntry::transferId)
                .containsExactlyElementsOf(transfers.subList(5, 25));
        assertThat(view.recentChanges()).extracting(AccountChange::version)
                .containsExactlyElementsOf(IntStream.rangeClosed(7, 26).boxed().toList());
        assertThat(view.balance()).isEqualTo(money("75.00"));
        assertThat(store.countChanges(from.toString())).isEqualTo(25);
    }

    @Test
    void refusesATransferVersionGapAndLeavesTheEntriesAlone() {
        UUID from = open("10.00");
        UUID to = open("0.00");
        UUID t = create(from, to, "1.00", "");

        assertThatThrownBy(() -> applyTransfer(transfer(t, 3, new CreditRecorded(to, money("1.00")))))
                .isInstanceOf(VersionGapException.class);
        assertThatThrownBy(() -> applyTransfer(transfer(UUID.randomUUID(), 2, new DebitRecorded(from, to,
                money("1.00"))))).isInstanceOf(VersionGapException.class);

        assertThat(store.transfer(t.toString()).orElseThrow().status()).isEqualTo(TransferStatus.NEW);
        assertEntries(t, from, to, TransferStatus.NEW, 1);
    }

    @Test
    void redeliveringAWholeHistoryOneByOneOrInPollsChangesNothing() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        List<EventEnvelope<AccountEvent>> accountEvents = new ArrayList<>();
        List<EventEnvelope<MoneyTransferEvent>> transferEvents = new ArrayList<>();
        accountEvents.add(account(a, 1, new AccountOpened("o", "a", money("50.00"))));
        accountEvents.add(account(b, 1, new AccountOpened("o", "b", money("0.00"))));
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
        List<AccountView> accounts = List.of(view(a), view(b));
        Map<String, TransferView> transfers = store.transfers(transferIds(transferEvents));

        assertThat(accountEvents).allSatisfy(e -> assertThat(applyAccount(e)).isEqualTo(Outcome.DUPLICATE));
        assertThat(transferEvents).allSatisfy(e -> assertThat(applyTransfer(e)).isEqualTo(Outcome.DUPLICATE));
        assertThat(projector.applyAccountEvents(store, accountEvents).outcomes()).containsOnly(Outcome.DUPLICATE);
        assertThat(new ViewProjector().applyTransferEvents(store, transferEvents).outcomes())
                .containsOnly(Outcome.DUPLICATE);

        assertThat(List.of(view(a), view(b))).isEqualTo(accounts);
        assertThat(store.transfers(transferIds(transferEvents))).hasSize(22).isEqualTo(transfers);
        assertThat(view(a).balance()).isEqualTo(money("28.00"));
        assertThat(view(b).balance()).isEqualTo(money("22.00"));
        assertThat(view(a).recentTransfers()).hasSize(20)
                .allSatisfy(e -> assertThat(e.status()).isEqualTo(TransferStatus.COMPLETED));
        assertThat(store.countChanges(a.toString())).isEqualTo(22);
    }

    /** Opens an account with the given balance. */
    protected UUID open(String balance) {
        UUID id = UUID.randomUUID();
        applyAccount(account(id, 1, new AccountOpened("owner", "acc", money(balance))));
        return id;
    }

    /** Creates a transfer between two accounts (version 1). */
    protected UUID create(UUID from, UUID to, String amount, String description) {
        UUID t = UUID.randomUUID();
        applyTransfer(transfer(t, 1, new MoneyTransferCreated(from, to, money(amount), description)));
        return t;
    }

    /** A transfer created, debited, refund requested (for the reason given) and refunded: version 4. */
    private UUID refund(UUID from, UUID to, String amount, FailureReason reason) {
        UUID t = create(from, to, amount, "");
        applyTransfer(transfer(t, 2, new DebitRecorded(from, to, money(amount))));
        applyTransfer(transfer(t, 3, new RefundRequested(from, money(amount), reason)));
        assertThat(store.transfer(t.toString()).orElseThrow().status()).isEqualTo(TransferStatus.REFUND_PENDING);
        applyTransfer(transfer(t, 4, new TransferRefunded(from, money(amount))));
        return t;
    }

    protected static EventEnvelope<AccountEvent> debit(UUID accountId, int version, String amount, String after) {
        return account(accountId, version, new AccountDebited(UUID.randomUUID(), money(amount), money(after)));
    }

    private static Set<String> transferIds(List<EventEnvelope<MoneyTransferEvent>> events) {
        return events.stream().map(e -> e.aggregateId().toString()).collect(Collectors.toSet());
    }

    protected AccountView view(UUID accountId) {
        return store.account(accountId.toString()).orElseThrow();
    }

    /** The transfer joins both its accounts, and both hold its entry at that status and version. */
    protected void assertEntries(UUID transferId, UUID from, UUID to, TransferStatus status, int version) {
        assertThat(store.transfer(transferId.toString()).orElseThrow())
                .extracting(TransferView::fromAccountId, TransferView::toAccountId)
                .containsExactly(from.toString(), to.toString());
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

    protected Outcome applyAccount(EventEnvelope<AccountEvent> envelope) {
        return projector.applyAccountEvent(store, envelope);
    }

    protected Outcome applyTransfer(EventEnvelope<MoneyTransferEvent> envelope) {
        return projector.applyTransferEvent(store, envelope);
    }

    protected static Money money(String amount) {
        return Money.of(amount);
    }
}
