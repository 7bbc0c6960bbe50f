package io.eventbank.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventbank.eventstore.json.EventCodec;
import io.eventbank.events.account.AccountClosed;
import io.eventbank.events.account.AccountCreditFailedAccountClosed;
import io.eventbank.events.account.AccountCredited;
import io.eventbank.events.account.AccountDebitFailedDueToInsufficientFunds;
import io.eventbank.events.account.AccountEvent;
import io.eventbank.events.account.AccountOpened;
import io.eventbank.events.transfer.MoneyTransferCreated;
import io.eventbank.events.transfer.MoneyTransferEvent;
import io.eventbank.events.transfer.RefundRequested;
import io.eventbank.events.transfer.TransferFailedDueToInsufficientFunds;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BankingEventsJsonTest {

    private final EventCodec codec = new EventCodec();

    @Test
    void writesMoneyAsScaleTwoStrings() {
        var created = new MoneyTransferCreated(UUID.randomUUID(), UUID.randomUUID(), Money.of("195"), "rent");
        String json = codec.write(created);
        assertThat(json).contains("\"amount\":\"195.00\"");
        MoneyTransferEvent read = codec.readEvent(BankingEvents.TRANSFER, "MoneyTransferCreated", 1, json);
        assertThat(read).isEqualTo(created);
    }

    @Test
    void defaultsDescriptionMissingFromOldEventsAndIgnoresUnknownFields() {
        String json = """
                {"fromAccountId":"%s","toAccountId":"%s","amount":"10.50","addedLater":true}
                """.formatted(UUID.randomUUID(), UUID.randomUUID());
        var read = (MoneyTransferCreated) codec.readEvent(BankingEvents.TRANSFER, "MoneyTransferCreated", 1, json);
        assertThat(read.description()).isEmpty();
        assertThat(read.amount().value()).isEqualByComparingTo("10.50");
    }

    @Test
    void readsAmountsStoredAsJsonNumbersAndWritesThemBackAsStrings() {
        UUID transfer = UUID.randomUUID();
        String stored = """
                {"transferId":"%s","amount":12.5,"refund":false,"newBalance":1234567890123}
                """.formatted(transfer);
        var read = (AccountCredited) codec.readEvent(BankingEvents.ACCOUNT, "AccountCredited", 1, stored);
        assertThat(read).isEqualTo(new AccountCredited(transfer, Money.of("12.50"), false,
                Money.of("1234567890123.00")));
        assertThat(codec.write(read)).contains("\"amount\":\"12.50\"", "\"newBalance\":\"1234567890123.00\"");

        var opened = (AccountOpened) codec.readEvent(BankingEvents.ACCOUNT, "AccountOpened", 1,
                "{\"ownerId\":\"o\",\"initialBalance\":0.1}");
        assertThat(opened.initialBalance()).isEqualTo(Money.of("0.10"));
        var old = (AccountOpened) codec.readEvent(BankingEvents.ACCOUNT, "AccountOpened", 1, "{\"ownerId\":\"o\"}");
        assertThat(old.initialBalance()).isEqualTo(Money.ZERO);
    }

    @Test
    void writesReasonsAsCodesAndReadsOlderProseReasons() {
        UUID from = UUID.randomUUID();
        var refund = new RefundRequested(from, Money.of("3.00"), FailureReason.DESTINATION_ACCOUNT_CLOSED);
        String json = codec.write(refund);
        assertThat(json).contains("\"reason\":\"DESTINATION_ACCOUNT_CLOSED\"", "\"amount\":\"3.00\"");
        assertThat((MoneyTransferEvent) codec.readEvent(BankingEvents.TRANSFER, "RefundRequested", 1, json))
                .isEqualTo(refund);

        String prose = "{\"fromAccountId\":\"%s\",\"amount\":3,\"reason\":\"destination account closed\"}".formatted(from);
        assertThat((MoneyTransferEvent) codec.readEvent(BankingEvents.TRANSFER, "RefundRequested", 1, prose))
                .isEqualTo(refund);
        String empty = "{\"fromAccountId\":\"%s\",\"amount\":\"3.00\",\"reason\":\"\"}".formatted(from);
        assertThat(((RefundRequested) codec.readEvent(BankingEvents.TRANSFER, "RefundRequested", 1, empty)).reason())
                .isEqualTo(FailureReason.DESTINATION_ACCOUNT_CLOSED);
        String other = "{\"fromAccountId\":\"%s\",\"amount\":\"3.00\",\"reason\":\"bank holiday\"}".formatted(from);
        assertThat(((RefundRequested) codec.readEvent(BankingEvents.TRANSFER, "RefundRequested", 1, other)).reason())
                .isEqualTo(FailureReason.UNSPECIFIED);
    }

    @Test
    void failureEventsNameTheirReasonWithoutStoringIt() {
        UUID id = UUID.randomUUID();
        assertThat(new TransferFailedDueToInsufficientFunds(id).reason()).isEqualTo(FailureReason.INSUFFICIENT_FUNDS);
        assertThat(new AccountCreditFailedAccountClosed(id, Money.of("1")).reason())
                .isEqualTo(FailureReason.DESTINATION_ACCOUNT_CLOSED);
        assertThat(codec.write(new TransferFailedDueToInsufficientFunds(id))).doesNotContain("reason");
        assertThat(codec.write(new AccountDebitFailedDueToInsufficientFunds(id, Money.of("2"), Money.of("1"))))
                .doesNotContain("reason").contains("\"balance\":\"1.00\"");
    }

    @Test
    void namesEventTypesAndTopicsLogically() {
        assertThat(BankingEvents.ACCOUNT.eventTypes()).containsKeys("AccountOpened", "AccountClosed");
        assertThat(BankingEvents.ACCOUNT.topic()).isEqualTo("eventbank.Account");
        assertThat(BankingEvents.TRANSFER.deadLetterTopic()).isEqualTo("eventbank.MoneyTransfer-dlt");
        AccountEvent closed = codec.readEvent(BankingEvents.ACCOUNT, "AccountClosed", 1, "{}");
        assertThat(closed).isEqualTo(new AccountClosed(""));
    }
}
