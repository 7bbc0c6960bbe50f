package io.eventbank.transfers.transfer.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventbank.eventstore.DomainException;
import io.eventbank.events.FailureReason;
import io.eventbank.events.Money;
import io.eventbank.events.transfer.CreditRecorded;
import io.eventbank.events.transfer.DebitRecorded;
import io.eventbank.events.transfer.MoneyTransferCreated;
import io.eventbank.events.transfer.MoneyTransferEvent;
import io.eventbank.events.transfer.RefundRequested;
import io.eventbank.events.transfer.TransferFailedDueToInsufficientFunds;
import io.eventbank.events.transfer.TransferFailedSourceAccountClosed;
import io.eventbank.events.transfer.TransferRefunded;
import io.eventbank.transfers.transfer.domain.TransferCommand.CreateTransfer;
import io.eventbank.transfers.transfer.domain.TransferCommand.RecordCredit;
import io.eventbank.transfers.transfer.domain.TransferCommand.RecordCreditFailed;
import io.eventbank.transfers.transfer.domain.TransferCommand.RecordDebit;
import io.eventbank.transfers.transfer.domain.TransferCommand.RecordDebitFailed;
import io.eventbank.transfers.transfer.domain.TransferCommand.RecordRefund;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class MoneyTransferTest {

    private static final UUID FROM = UUID.randomUUID();
    private static final UUID TO = UUID.randomUUID();
    private static final Money FIFTY = Money.of("50.00");

    private static final String ALICE = "alice";
    private static final MoneyTransferCreated CREATED = new MoneyTransferCreated(FROM, TO, FIFTY, "rent", ALICE);
    private static final DebitRecorded DEBITED = new DebitRecorded(FROM, TO, FIFTY);
    private static final CreditRecorded CREDITED = new CreditRecorded(TO, FIFTY);
    private static final TransferFailedDueToInsufficientFunds FAILED = new TransferFailedDueToInsufficientFunds(FROM);
    private static final RefundRequested REFUND_REQUESTED = new RefundRequested(FROM, FIFTY,
            FailureReason.DESTINATION_ACCOUNT_CLOSED);
    private static final TransferRefunded REFUNDED = new TransferRefunded(FROM, FIFTY);

    private static MoneyTransfer given(MoneyTransferEvent... events) {
        MoneyTransfer transfer = MoneyTransfer.EMPTY;
        for (MoneyTransferEvent event : events) {
            transfer = transfer.apply(event);
        }
        return transfer;
    }

    @Test
    void awaitingReplyNamesExactlyTheEventsAfterWhichTheSagaHasNotEnded() {
        List<List<MoneyTransferEvent>> everyPath = List.of(List.of(CREATED), List.of(CREATED, DEBITED),
                List.of(CREATED, DEBITED, CREDITED), List.of(CREATED, FAILED),
                List.of(CREATED, new TransferFailedSourceAccountClosed(FROM)), List.of(CREATED, DEBITED, REFUND_REQUESTED),
                List.of(CREATED, DEBITED, REFUND_REQUESTED, REFUNDED));
        for (List<MoneyTransferEvent> path : everyPath) {
            MoneyTransfer transfer = given(path.toArray(MoneyTransferEvent[]::new));
            TransferStatus awaiting = MoneyTransfer.AWAITING_REPLY.get(path.getLast().getClass());
            assertThat(awaiting).as("after %s", path.getLast()).isEqualTo(transfer.terminal() ? null : transfer.status());
        }
        assertThat(everyPath.stream().map(p -> p.getLast().getClass().getSimpleName()).distinct())
                .containsExactlyInAnyOrderElementsOf(io.eventbank.events.BankingEvents.TRANSFER.eventTypes().keySet());
    }

    @Test
    void createsANewTransferRecordingWhoInitiatedIt() {
        List<MoneyTransferEvent> events = given().process(new CreateTransfer(FROM, TO, Money.of("50"), "rent", ALICE));
        assertThat(events).containsExactly(CREATED);
        assertThat(given(CREATED).status()).isEqualTo(TransferStatus.NEW);
        assertThat(given(CREATED).amount()).isEqualTo(FIFTY);
        assertThat(given(CREATED).initiatedBy()).isEqualTo(ALICE);
    }

    @Test
    void keepsTheInitiatorThroughEverySagaStep() {
        assertThat(given(CREATED, DEBITED, REFUND_REQUESTED, REFUNDED).initiatedBy()).isEqualTo(ALICE);
        assertThat(given(CREATED, FAILED).initiatedBy()).isEqualTo(ALICE);
        assertThat(given(CREATED, DEBITED, CREDITED).isInitiatedBy(ALICE)).isTrue();
    }

    @Test
    void belongsOnlyToItsInitiatorAndATransferWithoutOneToNobody() {
        assertThat(given(CREATED).isInitiatedBy(ALICE)).isTrue();
        assertThat(given(CREATED).isInitiatedBy("bob")).isFalse();
        assertThat(given(CREATED).isInitiatedBy(null)).isFalse();
        MoneyTransfer legacy = given(new MoneyTransferCreated(FROM, TO, FIFTY, "rent"), DEBITED);
        assertThat(legacy.initiatedBy()).isNull();
        assertThat(legacy.isInitiatedBy(ALICE)).isFalse();
        assertThat(legacy.isInitiatedBy(null)).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = " ")
    void rejectsATransferWithoutInitiator(String initiator) {
        assertRejected(given(), new CreateTransfer(FROM, TO, FIFTY, "", initiator), "initiator-required");
    }

    @Test
    void rejectsATransferToTheSameAccount() {
        assertRejected(given(), new CreateTransfer(FROM, FROM, FIFTY, "", ALICE), "same-account");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "0.001", "1000000000.01"})
    void rejectsInvalidAmounts(String amount) {
        assertRejected(given(), () -> new CreateTransfer(FROM, TO, Money.of(amount), "", ALICE), "invalid-amount");
    }

    @Test
    void knowsTheRequestThatCreatedIt() {
        assertThat(given(CREATED).isCreatedBy(new CreateTransfer(FROM, TO, Money.of("50"), "rent", ALICE))).isTrue();
        assertThat(given(CREATED, DEBITED).isCreatedBy(new CreateTransfer(FROM, TO, FIFTY, "rent", ALICE))).isTrue();
        assertThat(given(CREATED).isCreatedBy(new CreateTransfer(FROM, TO, Money.of("50.01"), "rent", ALICE)))
                .isFalse();
        assertThat(given(CREATED).isCreatedBy(new CreateTransfer(FROM, TO, FIFTY, null, ALICE))).isFalse();
        assertThat(given(CREATED).isCreatedBy(new CreateTransfer(FROM, TO, FIFTY, "rent", "bob"))).isFalse();
        assertThat(given().isCreatedBy(new CreateTransfer(null, null, null, null, null))).isFalse();
    }

    @Test
    void rejectsCreatingTwice() {
        assertRejected(given(CREATED), new CreateTransfer(FROM, TO, FIFTY, "", ALICE), "transfer-already-exists");
    }

    @Test
    void rejectsRepliesForATransferThatDoesNotExist() {
        assertRejected(given(), new RecordDebit(), "transfer-not-created");
    }

    @Test
    void debitMovesNewToDebited() {
        assertThat(given(CREATED).process(new RecordDebit())).containsExactly(DEBITED);
        assertThat(given(CREATED, DEBITED).status()).isEqualTo(TransferStatus.DEBITED);
    }

    @Test
    void creditMovesDebitedToCompleted() {
        assertThat(given(CREATED, DEBITED).process(new RecordCredit())).containsExactly(CREDITED);
        assertThat(given(CREATED, DEBITED, CREDITED).status()).isEqualTo(TransferStatus.COMPLETED);
        assertThat(given(CREATED, DEBITED, CREDITED).terminal()).isTrue();
    }

    @Test
    void insufficientFundsMovesNewToFailed() {
        assertThat(given(CREATED).process(new RecordDebitFailed(FailureReason.INSUFFICIENT_FUNDS)))
                .containsExactly(FAILED);
        assertThat(given(CREATED, FAILED).status()).isEqualTo(TransferStatus.FAILED);
    }

    @Test
    void closedSourceMovesNewToFailed() {
        TransferFailedSourceAccountClosed closed = new TransferFailedSourceAccountClosed(FROM);
        assertThat(given(CREATED).process(new RecordDebitFailed(FailureReason.SOURCE_ACCOUNT_CLOSED)))
                .containsExactly(closed);
        assertThat(given(CREATED, closed).status()).isEqualTo(TransferStatus.FAILED);
    }

    @Test
    void creditFailureMovesDebitedToRefundPending() {
        assertThat(given(CREATED, DEBITED).process(new RecordCreditFailed(FailureReason.DESTINATION_ACCOUNT_CLOSED))).containsExactly(REFUND_REQUESTED);
        assertThat(given(CREATED, DEBITED, REFUND_REQUESTED).status()).isEqualTo(TransferStatus.REFUND_PENDING);
    }

    @Test
    void refundMovesRefundPendingToRefunded() {
        assertThat(given(CREATED, DEBITED, REFUND_REQUESTED).process(new RecordRefund())).containsExactly(REFUNDED);
        assertThat(given(CREATED, DEBITED, REFUND_REQUESTED, REFUNDED).status()).isEqualTo(TransferStatus.REFUNDED);
    }

    static Stream<Arguments> duplicates() {
        return Stream.of(
                Arguments.of(new MoneyTransferEvent[] {CREATED, DEBITED}, new RecordDebit()),
                Arguments.of(new MoneyTransferEvent[] {CREATED, DEBITED, CREDITED}, new RecordDebit()),
                Arguments.of(new MoneyTransferEvent[] {CREATED, DEBITED, CREDITED}, new RecordCredit()),
                Arguments.of(new MoneyTransferEvent[] {CREATED, FAILED}, new RecordDebitFailed(FailureReason.INSUFFICIENT_FUNDS)),
                Arguments.of(new MoneyTransferEvent[] {CREATED, FAILED}, new RecordDebitFailed(FailureReason.SOURCE_ACCOUNT_CLOSED)),
                Arguments.of(new MoneyTransferEvent[] {CREATED, DEBITED, REFUND_REQUESTED}, new RecordCreditFailed(FailureReason.DESTINATION_ACCOUNT_CLOSED)),
                Arguments.of(new MoneyTransferEvent[] {CREATED, DEBITED, REFUND_REQUESTED}, new RecordDebit()),
                Arguments.of(new MoneyTransferEvent[] {CREATED, DEBITED, REFUND_REQUESTED, REFUNDED}, new RecordRefund()),
                Arguments.of(new MoneyTransferEvent[] {CREATED, DEBITED, REFUND_REQUESTED, REFUNDED}, new RecordCreditFailed(FailureReason.DESTINATION_ACCOUNT_CLOSED)));
    }

    @ParameterizedTest
    @MethodSource("duplicates")
    void aDuplicateOfAnAppliedStepProducesNoEvent(MoneyTransferEvent[] history, TransferCommand duplicate) {
        assertThat(given(history).process(duplicate)).isEmpty();
    }

    static Stream<Arguments> nonsense() {
        return Stream.of(
                Arguments.of(new MoneyTransferEvent[] {CREATED}, new RecordCredit()),
                Arguments.of(new MoneyTransferEvent[] {CREATED}, new RecordCreditFailed(FailureReason.DESTINATION_ACCOUNT_CLOSED)),
                Arguments.of(new MoneyTransferEvent[] {CREATED}, new RecordRefund()),
                Arguments.of(new MoneyTransferEvent[] {CREATED, FAILED}, new RecordDebit()),
                Arguments.of(new MoneyTransferEvent[] {CREATED, FAILED}, new RecordCredit()),
                Arguments.of(new MoneyTransferEvent[] {CREATED, DEBITED}, new RecordDebitFailed(FailureReason.INSUFFICIENT_FUNDS)),
                Arguments.of(new MoneyTransferEvent[] {CREATED, DEBITED}, new RecordRefund()),
                Arguments.of(new MoneyTransferEvent[] {CREATED, DEBITED, CREDITED}, new RecordCreditFailed(FailureReason.DESTINATION_ACCOUNT_CLOSED)),
                Arguments.of(new MoneyTransferEvent[] {CREATED, DEBITED, CREDITED}, new RecordRefund()),
                Arguments.of(new MoneyTransferEvent[] {CREATED, DEBITED, REFUND_REQUESTED}, new RecordCredit()),
                Arguments.of(new MoneyTransferEvent[] {CREATED, DEBITED, REFUND_REQUESTED, REFUNDED}, new RecordCredit()));
    }

    @ParameterizedTest
    @MethodSource("nonsense")
    void rejectsTransitionsThatMakeNoSense(MoneyTransferEvent[] history, TransferCommand command) {
        assertRejected(given(history), command, "invalid-transition");
    }

    @Test
    void stateSurvivesASnapshotRoundTrip() {
        io.eventbank.eventstore.json.EventCodec codec = new io.eventbank.eventstore.json.EventCodec();
        MoneyTransfer transfer = given(CREATED, DEBITED, REFUND_REQUESTED);
        assertThat(codec.read(codec.write(transfer), MoneyTransfer.class)).isEqualTo(transfer);
    }

    @Test
    void readsSnapshotsWithANumericAmountAndWritesItAsAString() {
        io.eventbank.eventstore.json.EventCodec codec = new io.eventbank.eventstore.json.EventCodec();
        String stored = """
                {"fromAccountId":"%s","toAccountId":"%s","amount":50,"description":"rent","status":"DEBITED",
                 "initiatedBy":"alice"}
                """.formatted(FROM, TO);
        MoneyTransfer transfer = codec.read(stored, MoneyTransfer.class);
        assertThat(transfer).isEqualTo(given(CREATED, DEBITED));
        assertThat(codec.write(transfer)).contains("\"amount\":\"50.00\"").contains("\"initiatedBy\":\"alice\"");
    }

    @Test
    void snapshotsOfTheStateWithoutInitiatorAreNotUsed() {
        assertThat(MoneyTransfer.TYPE.snapshotSchemaVersion()).isEqualTo(2);
    }

    private static void assertRejected(MoneyTransfer transfer, TransferCommand command, String code) {
        assertRejected(transfer, () -> command, code);
    }

    /** Money refuses some invalid amounts before a command exists, the transfer the rest: both as DomainException. */
    private static void assertRejected(MoneyTransfer transfer, Supplier<TransferCommand> command, String code) {
        assertThatThrownBy(() -> transfer.process(command.get()))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo(code));
    }
}
