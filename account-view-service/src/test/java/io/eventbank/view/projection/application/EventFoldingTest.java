package io.eventbank.view.projection.application;

import io.eventbank.events.FailureReason;
import io.eventbank.events.Money;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventbank.events.BankingEvents;
import io.eventbank.events.account.AccountClosed;
import io.eventbank.events.account.AccountCredited;
import io.eventbank.events.account.AccountDebitFailedDueToInsufficientFunds;
import io.eventbank.events.account.AccountDebited;
import io.eventbank.events.account.AccountEvent;
import io.eventbank.events.account.AccountOpened;
import io.eventbank.events.transfer.DebitRecorded;
import io.eventbank.events.transfer.MoneyTransferCreated;
import io.eventbank.events.transfer.MoneyTransferEvent;
import io.eventbank.events.transfer.RefundRequested;
import io.eventbank.events.transfer.TransferFailedSourceAccountClosed;
import io.eventbank.events.transfer.TransferRefunded;
import io.eventbank.eventstore.EventEnvelope;
import io.eventbank.eventstore.EventMetadata;
import io.eventbank.view.projection.application.EventFolding.Walk;
import io.eventbank.view.projection.domain.AccountStatus;
import io.eventbank.view.projection.domain.ChangeKind;
import io.eventbank.view.projection.domain.TransferEntry;
import io.eventbank.view.projection.domain.TransferStatus;
import io.eventbank.view.projection.domain.TransferView;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The version rules and folds, as pure functions. */
class EventFoldingTest {

    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123456789Z");
    private final UUID id = UUID.randomUUID();

    @Test
    void appliesOnlyTheVersionAfterTheOneHeld() {
        var debit2 = account(2, new AccountDebited(UUID.randomUUID(), money("1.00"), money("9.00")));
        var debit3 = account(3, new AccountDebited(UUID.randomUUID(), money("1.00"), money("8.00")));

        Walk<AccountEvent> walk = EventFolding.walkAccount(id.toString(), List.of(debit2, debit3), 1, true);

        assertThat(walk.applied()).containsExactly(debit2, debit3);
        assertThat(walk.duplicates()).isEmpty();
        assertThat(walk.refused()).isEmpty();
        assertThat(walk.version()).isEqualTo(3);
    }

    @Test
    void takesAVersionHeldAlreadyForADuplicate() {
        var debit2 = account(2, new AccountDebited(UUID.randomUUID(), money("1.00"), money("9.00")));

        Walk<AccountEvent> walk = EventFolding.walkAccount(id.toString(), List.of(debit2, debit2), 2, true);

        assertThat(walk.applied()).isEmpty();
        assertThat(walk.duplicates()).containsExactly(debit2, debit2);
        assertThat(walk.version()).isEqualTo(2);
    }

    @Test
    void createsADocumentOnlyWithTheCreatingEventAtVersionOne() {
        var opened = account(1, new AccountOpened("o", "t", money("1.00")));
        var closedFirst = account(1, new AccountClosed(""));

        assertThat(EventFolding.walkAccount(id.toString(), List.of(opened), null, true).applied())
                .containsExactly(opened);
        assertThat(EventFolding.walkAccount(id.toString(), List.of(closedFirst), null, true).refused())
                .singleElement().satisfies(gap -> assertThat(gap.viewVersion()).isNull());
        assertThat(EventFolding.walkAccount(id.toString(), List.of(closedFirst), 0, true).applied())
                .as("a placeholder takes any version 1").containsExactly(closedFirst);
    }

    @Test
    void stopsAtTheFirstGapOrDecidesTheRestOnTheirOwn() {
        var v2 = account(2, new AccountDebited(UUID.randomUUID(), money("1.00"), money("9.00")));
        var v4 = account(4, new AccountClosed(""));
        var v3 = account(3, new AccountDebited(UUID.randomUUID(), money("1.00"), money("8.00")));

        Walk<AccountEvent> stopped = EventFolding.walkAccount(id.toString(), List.of(v2, v4, v3), 1, true);
        Walk<AccountEvent> skipped = EventFolding.walkAccount(id.toString(), List.of(v2, v4, v3), 1, false);

        assertThat(stopped.stopped()).isTrue();
        assertThat(stopped.applied()).containsExactly(v2);
        assertThat(stopped.refused()).singleElement().satisfies(gap -> {
            assertThat(gap.eventVersion()).isEqualTo(4);
            assertThat(gap.viewVersion()).isEqualTo(2);
        });
        assertThat(skipped.stopped()).isFalse();
        assertThat(skipped.applied()).containsExactly(v2, v3);
        assertThat(skipped.refused()).extracting(VersionGapException::eventVersion).containsExactly(4);
        assertThat(skipped.version()).isEqualTo(3);
    }

    @Test
    void foldsARunOfAccountEventsIntoOneDelta() {
        UUID t1 = UUID.randomUUID();
        UUID t2 = UUID.randomUUID();
        List<EventEnvelope<AccountEvent>> run = List.of(
                account(1, new AccountOpened("owner", "Main", money("10.00"))),
                account(2, new AccountDebited(t1, money("4.00"), money("6.00"))),
                account(3, new AccountDebitFailedDueToInsufficientFunds(UUID.randomUUID(), money("9.00"),
                        money("6.00"))),
                account(4, new AccountCredited(t2, money("4.00"), true, money("10.00"))),
                account(5, new AccountClosed("")));

        AccountDelta delta = EventFolding.foldAccount(id.toString(), 0, run);

        assertThat(delta.fromVersion()).isZero();
        assertThat(delta.toVersion()).isEqualTo(5);
        assertThat(delta.opening()).isEqualTo(new AccountDelta.Opening("owner", "Main", EventFolding.millis(T0)));
        assertThat(delta.balance()).isEqualTo(money("10.00"));
        assertThat(delta.status()).isEqualTo(AccountStatus.CLOSED);
        assertThat(delta.changes()).extracting(c -> c.version() + " " + c.kind() + " " + c.transferId())
                .containsExactly("2 DEBIT " + t1, "4 REFUND " + t2);
        assertThat(delta.updatedAt()).isEqualTo(EventFolding.millis(T0.plusSeconds(4)));
    }

    @Test
    void aFailedDebitChangesNeitherBalanceNorStatus() {
        AccountDelta delta = EventFolding.foldAccount(id.toString(), 3, List.of(account(4,
                new AccountDebitFailedDueToInsufficientFunds(UUID.randomUUID(), money("9.00"), money("6.00")))));

        assertThat(delta.opening()).isNull();
        assertThat(delta.balance()).isNull();
        assertThat(delta.status()).isNull();
        assertThat(delta.changes()).isEmpty();
        assertThat(delta.toVersion()).isEqualTo(4);
    }

    @Test
    void foldsATransferFromItsCreationIntoTheWholeDocumentWithItsInitiator() {
        UUID from = UUID.randomUUID();
        UUID to = UUID.randomUUID();
        List<EventEnvelope<MoneyTransferEvent>> run = List.of(
                transfer(1, new MoneyTransferCreated(from, to, money("5.00"), "rent", "alice")),
                transfer(2, new DebitRecorded(from, to, money("5.00"))));

        TransferDelta delta = EventFolding.foldTransfer(id.toString(), 0, run);

        assertThat(delta.created()).isEqualTo(new TransferView(id.toString(), from.toString(), to.toString(),
                money("5.00"), "rent", TransferStatus.DEBITED, null, 2, EventFolding.millis(T0),
                EventFolding.millis(T0.plusSeconds(1)), "alice"));
        assertThat(EventFolding.advance(null, delta)).isEqualTo(delta.created());
    }

    @Test
    void aTransferCreatedBeforeInitiatorsWereRecordedHasNone() {
        TransferDelta delta = EventFolding.foldTransfer(id.toString(), 0, List.of(
                transfer(1, new MoneyTransferCreated(UUID.randomUUID(), UUID.randomUUID(), money("5.00"), "old"))));

        assertThat(delta.created().initiatedBy()).isNull();
    }

    @Test
    void aRefundWithoutReasonIsForAClosedDestinationAndTheReasonOutlivesTheRefund() {
        TransferView debited = new TransferView(id.toString(), "a", "b", money("5.00"), "", TransferStatus.DEBITED,
                null, 2, T0, T0, "alice");
        TransferDelta refund = EventFolding.foldTransfer(id.toString(), 2, List.of(
                transfer(3, new RefundRequested(UUID.randomUUID(), money("5.00"), FailureReason.DESTINATION_ACCOUNT_CLOSED))));
        TransferDelta refunded = EventFolding.foldTransfer(id.toString(), 3, List.of(
                transfer(4, new TransferRefunded(UUID.randomUUID(), money("5.00")))));

        TransferView pending = EventFolding.advance(debited, refund);
        TransferView done = EventFolding.advance(pending, refunded);

        assertThat(pending).extracting(TransferView::status, TransferView::failureReason, TransferView::version)
                .containsExactly(TransferStatus.REFUND_PENDING, FailureReason.DESTINATION_ACCOUNT_CLOSED, 3);
        assertThat(refunded.failureReason()).isNull();
        assertThat(done).extracting(TransferView::status, TransferView::failureReason, TransferView::version)
                .containsExactly(TransferStatus.REFUNDED, FailureReason.DESTINATION_ACCOUNT_CLOSED, 4);
    }

    @Test
    void aTransferFailingForAClosedSourceSaysSo() {
        TransferDelta delta = EventFolding.foldTransfer(id.toString(), 1, List.of(
                transfer(2, new TransferFailedSourceAccountClosed(UUID.randomUUID()))));

        assertThat(delta.status()).isEqualTo(TransferStatus.FAILED);
        assertThat(delta.failureReason()).isEqualTo(FailureReason.SOURCE_ACCOUNT_CLOSED);
    }

    @Test
    void addsTheTransferToBothAccountsFromEachSide() {
        UUID from = UUID.randomUUID();
        UUID to = UUID.randomUUID();
        var creation = transfer(1, new MoneyTransferCreated(from, to, money("5.00"), "rent"));

        List<EntryChange> additions = EventFolding.additions(creation, 2, TransferStatus.DEBITED);

        assertThat(additions).extracting(EntryChange::accountId).containsExactly(from.toString(), to.toString());
        assertThat(additions).extracting(c -> c.entry().direction() + " " + c.entry().counterpartyAccountId())
                .containsExactly(TransferEntry.Direction.OUTGOING + " " + to,
                        TransferEntry.Direction.INCOMING + " " + from);
        assertThat(additions).allSatisfy(c -> {
            assertThat(c.version()).isEqualTo(2);
            assertThat(c.entry().status()).isEqualTo(TransferStatus.DEBITED);
            assertThat(c.entry().createdAt()).isEqualTo(EventFolding.millis(T0));
        });
        assertThat(EventFolding.advances(id.toString(), "a", "b", 3, TransferStatus.COMPLETED))
                .allSatisfy(c -> assertThat(c.entry()).isNull())
                .extracting(EntryChange::accountId).containsExactly("a", "b");
    }

    @Test
    void onlyDebitsAndCreditsAreChanges() {
        UUID t = UUID.randomUUID();

        assertThat(EventFolding.changeOf(account(2, new AccountCredited(t, money("1.00"), false, money("2.00")))))
                .satisfies(c -> {
                    assertThat(c.kind()).isEqualTo(ChangeKind.CREDIT);
                    assertThat(c.balanceAfter()).isEqualTo(money("2.00"));
                    assertThat(c.occurredAt()).isEqualTo(EventFolding.millis(T0.plusSeconds(1)));
                });
        assertThat(EventFolding.changeOf(account(3, new AccountClosed("")))).isNull();
    }

    private EventEnvelope<AccountEvent> account(int version, AccountEvent event) {
        return new EventEnvelope<>(UUID.randomUUID(), BankingEvents.ACCOUNT.aggregateType(), id, version,
                event.getClass().getSimpleName(), T0.plusSeconds(version - 1), version, EventMetadata.EMPTY, event);
    }

    private EventEnvelope<MoneyTransferEvent> transfer(int version, MoneyTransferEvent event) {
        return new EventEnvelope<>(UUID.randomUUID(), BankingEvents.TRANSFER.aggregateType(), id, version,
                event.getClass().getSimpleName(), T0.plusSeconds(version - 1), version, EventMetadata.EMPTY, event);
    }

    private static Money money(String amount) {
        return Money.of(amount);
    }
}
