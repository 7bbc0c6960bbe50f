package io.eventbank.transfers.transfer.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventbank.events.BankingEvents;
import io.eventbank.events.Money;
import io.eventbank.events.account.AccountClosed;
import io.eventbank.events.account.AccountCreditFailedAccountClosed;
import io.eventbank.events.account.AccountCredited;
import io.eventbank.events.account.AccountDebitFailedAccountClosed;
import io.eventbank.events.account.AccountDebitFailedDueToInsufficientFunds;
import io.eventbank.events.account.AccountDebited;
import io.eventbank.events.account.AccountOpened;
import io.eventbank.testsupport.Http;
import io.eventbank.transfers.support.TransfersIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** transfers-service alone: account events fed onto its input topic, transfer events checked in the store and on Kafka. */
class AccountEventHandlingTest extends TransfersIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Money AMOUNT = Money.of("25.00");

    private UUID newTransfer(UUID from, UUID to) {
        await().atMost(WAIT).until(() -> registryStatus(from) != null && registryStatus(to) != null);
        Http.Response created = asOwner.postJson("/transfers", transferJson(from, to, "25.00"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return UUID.fromString(created.json().path("transferId").asString());
    }

    private String status(UUID transfer) {
        return asOwner.get("/transfers/" + transfer).json().path("status").asString();
    }

    private List<String> eventTypes(UUID transfer) {
        return asOwner.get("/transfers/" + transfer + "/history").json().path("events").valueStream()
                .map(e -> e.path("eventType").asString()).toList();
    }

    @Test
    void completesWhenTheSourceIsDebitedAndTheDestinationCredited() {
        UUID from = accountOpenedElsewhere();
        UUID to = accountOpenedElsewhere();
        UUID transfer = newTransfer(from, to);

        UUID debitedId = kafka().publish(BankingEvents.ACCOUNT, from, 2,
                new AccountDebited(transfer, AMOUNT, Money.of("75.00")), "saga-1");
        await().atMost(WAIT).until(() -> status(transfer).equals("DEBITED"));
        JsonNode debitRecorded = asOwner.get("/transfers/" + transfer + "/history").json().path("events").get(1);
        assertThat(debitRecorded.path("causationId").asString()).isEqualTo(debitedId.toString());
        assertThat(debitRecorded.path("correlationId").asString()).isEqualTo("saga-1");

        kafka().publish(BankingEvents.ACCOUNT, to, 2, new AccountCredited(transfer, AMOUNT, false, AMOUNT), "saga-1");
        await().atMost(WAIT).until(() -> status(transfer).equals("COMPLETED"));
        assertThat(eventTypes(transfer)).containsExactly("MoneyTransferCreated", "DebitRecorded", "CreditRecorded");

        await().atMost(WAIT).untilAsserted(() -> assertThat(
                kafka().envelopesOf(BankingEvents.TRANSFER.topic(), transfer).stream()
                        .map(e -> e.path("eventType").asString()).toList())
                .containsExactly("MoneyTransferCreated", "DebitRecorded", "CreditRecorded"));
    }

    @Test
    void aRedeliveredAccountEventChangesNothing() {
        UUID from = accountOpenedElsewhere();
        UUID to = accountOpenedElsewhere();
        UUID transfer = newTransfer(from, to);
        String envelope = kafka().envelope(BankingEvents.ACCOUNT, from, 2,
                new AccountDebited(transfer, AMOUNT, Money.of("75.00")), UUID.randomUUID(), "c");
        kafka().send(BankingEvents.ACCOUNT.topic(), from.toString(), envelope);
        kafka().send(BankingEvents.ACCOUNT.topic(), from.toString(), envelope);
        // a later event of the same account (same partition) proves both copies were handled
        UUID marker = accountOpenedElsewhere();
        kafka().publish(BankingEvents.ACCOUNT, from, 3, new AccountClosed("after"), "c");
        await().atMost(WAIT).until(() -> "CLOSED".equals(registryStatus(from)) && registryStatus(marker) != null);
        assertThat(eventTypes(transfer)).containsExactly("MoneyTransferCreated", "DebitRecorded");
    }

    @Test
    void failsOnInsufficientFunds() {
        UUID from = accountOpenedElsewhere();
        UUID transfer = newTransfer(from, accountOpenedElsewhere());
        kafka().publish(BankingEvents.ACCOUNT, from, 2,
                new AccountDebitFailedDueToInsufficientFunds(transfer, AMOUNT, Money.of("1.00")), "c");
        await().atMost(WAIT).until(() -> status(transfer).equals("FAILED"));
        assertThat(eventTypes(transfer)).containsExactly("MoneyTransferCreated", "TransferFailedDueToInsufficientFunds");
    }

    @Test
    void failsWhenTheSourceIsClosed() {
        UUID from = accountOpenedElsewhere();
        UUID transfer = newTransfer(from, accountOpenedElsewhere());
        kafka().publish(BankingEvents.ACCOUNT, from, 2, new AccountDebitFailedAccountClosed(transfer, AMOUNT), "c");
        await().atMost(WAIT).until(() -> status(transfer).equals("FAILED"));
        assertThat(eventTypes(transfer)).containsExactly("MoneyTransferCreated", "TransferFailedSourceAccountClosed");
    }

    @Test
    void requestsARefundWhenTheDestinationIsClosedAndEndsRefunded() {
        UUID from = accountOpenedElsewhere();
        UUID to = accountOpenedElsewhere();
        UUID transfer = newTransfer(from, to);
        kafka().publish(BankingEvents.ACCOUNT, from, 2, new AccountDebited(transfer, AMOUNT, Money.of("75.00")), "c");
        kafka().publish(BankingEvents.ACCOUNT, to, 2, new AccountCreditFailedAccountClosed(transfer, AMOUNT), "c");
        await().atMost(WAIT).until(() -> status(transfer).equals("REFUND_PENDING"));
        kafka().publish(BankingEvents.ACCOUNT, from, 3, new AccountCredited(transfer, AMOUNT, true, Money.of("100.00")), "c");
        await().atMost(WAIT).until(() -> status(transfer).equals("REFUNDED"));
        assertThat(eventTypes(transfer)).containsExactly(
                "MoneyTransferCreated", "DebitRecorded", "RefundRequested", "TransferRefunded");
    }

    @Test
    void registryLearnsTheOwnerFromAccountOpenedAndKeepsItThroughClosingAndDuplicates() {
        UUID account = accountOpenedElsewhere("carol");
        await().atMost(WAIT).until(() -> "carol".equals(registryOwner(account)));
        kafka().publish(BankingEvents.ACCOUNT, account, 2, new AccountClosed(""), "c");
        await().atMost(WAIT).until(() -> "CLOSED".equals(registryStatus(account)));
        kafka().publish(BankingEvents.ACCOUNT, account, 1, new AccountOpened("mallory", "t", Money.ZERO), "c");
        await().atMost(WAIT).until(() -> kafka().consumedAll("transfers-service", BankingEvents.ACCOUNT.topic()));
        assertThat(registryOwner(account)).isEqualTo("carol");
        assertThat(registryStatus(account)).isEqualTo("CLOSED");
    }

    @Test
    void registryFollowsAccountEventsAndIgnoresOlderVersions() {
        UUID account = accountOpenedElsewhere();
        await().atMost(WAIT).until(() -> "OPEN".equals(registryStatus(account)));
        kafka().publish(BankingEvents.ACCOUNT, account, 2, new AccountClosed(""), "c");
        await().atMost(WAIT).until(() -> "CLOSED".equals(registryStatus(account)));
        kafka().publish(BankingEvents.ACCOUNT, account, 1, new AccountOpened("o", "t", Money.ZERO), "c");
        await().atMost(WAIT).until(() -> kafka().consumedAll("transfers-service", BankingEvents.ACCOUNT.topic()));
        assertThat(registryStatus(account)).isEqualTo("CLOSED");
        assertThat(jdbc.sql("select version from account_registry where account_id = :id").param("id", account)
                .query(Integer.class).single()).isEqualTo(2);
    }
}
