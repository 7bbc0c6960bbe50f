package io.eventbank.accounts.account.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventbank.accounts.support.AccountsIntegrationTest;
import io.eventbank.events.BankingEvents;
import io.eventbank.events.FailureReason;
import io.eventbank.events.Money;
import io.eventbank.events.transfer.DebitRecorded;
import io.eventbank.events.transfer.MoneyTransferCreated;
import io.eventbank.events.transfer.RefundRequested;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** accounts-service alone: transfer events fed onto its input topic, account events checked in the store and on Kafka. */
class TransferEventHandlingTest extends AccountsIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private List<JsonNode> events(UUID accountId) {
        return owner.get("/accounts/" + accountId + "/history").json().path("events").valueStream().toList();
    }

    private List<String> eventTypes(UUID accountId) {
        return events(accountId).stream().map(e -> e.path("eventType").asString()).toList();
    }

    private String balance(UUID accountId) {
        return owner.get("/accounts/" + accountId).json().path("balance").asString();
    }

    @Test
    void debitsTheSourceOnTransferCreatedAndCreditsTheDestinationOnDebitRecorded() {
        UUID from = openAccount("200.00");
        UUID to = openAccount("0.00");
        UUID transfer = UUID.randomUUID();
        Money fifty = Money.of("50.00");

        UUID createdId = kafka().publish(BankingEvents.TRANSFER, transfer, 1,
                new MoneyTransferCreated(from, to, fifty, "rent"), "saga-" + transfer);
        await().atMost(WAIT).until(() -> eventTypes(from).contains("AccountDebited"));
        JsonNode debited = events(from).get(1);
        assertThat(debited.path("payload").path("transferId").asString()).isEqualTo(transfer.toString());
        assertThat(debited.path("correlationId").asString()).isEqualTo("saga-" + transfer);
        assertThat(debited.path("causationId").asString()).isEqualTo(createdId.toString());
        assertThat(balance(from)).isEqualTo("150.00");

        kafka().publish(BankingEvents.TRANSFER, transfer, 2, new DebitRecorded(from, to, fifty), "saga-" + transfer);
        await().atMost(WAIT).until(() -> eventTypes(to).contains("AccountCredited"));
        assertThat(balance(to)).isEqualTo("50.00");

        await().atMost(WAIT).untilAsserted(() -> assertThat(
                kafka().envelopesOf(BankingEvents.ACCOUNT.topic(), from).stream()
                        .map(e -> e.path("eventType").asString()).toList())
                .containsExactly("AccountOpened", "AccountDebited"));
    }

    @Test
    void aRedeliveredTransferEventChangesNothing() {
        UUID from = openAccount("100.00");
        UUID to = openAccount("0.00");
        UUID transfer = UUID.randomUUID();
        Money ten = Money.of("10.00");
        MoneyTransferCreated created = new MoneyTransferCreated(from, to, ten, "");
        UUID eventId = UUID.randomUUID();
        String envelope = kafka().envelope(BankingEvents.TRANSFER, transfer, 1, created, eventId, "c");
        kafka().send(BankingEvents.TRANSFER.topic(), transfer.toString(), envelope);
        kafka().send(BankingEvents.TRANSFER.topic(), transfer.toString(), envelope);
        // same key ⇒ same partition: once this later event is handled, both copies before it were too
        kafka().publish(BankingEvents.TRANSFER, transfer, 2, new DebitRecorded(from, to, ten), "c");
        await().atMost(WAIT).until(() -> eventTypes(to).contains("AccountCredited"));

        assertThat(eventTypes(from)).containsExactly("AccountOpened", "AccountDebited");
        assertThat(balance(from)).isEqualTo("90.00");
    }

    @Test
    void anOverdraftAttemptBecomesAFailureEvent() {
        UUID from = openAccount("20.00");
        UUID transfer = UUID.randomUUID();
        kafka().publish(BankingEvents.TRANSFER, transfer, 1,
                new MoneyTransferCreated(from, UUID.randomUUID(), Money.of("20.01"), ""), "c");
        await().atMost(WAIT).until(() -> eventTypes(from).contains("AccountDebitFailedDueToInsufficientFunds"));
        assertThat(balance(from)).isEqualTo("20.00");
    }

    @Test
    void twentyDebitsRacingOnOneAccountNeverOverdrawIt() {
        UUID from = openAccount("100.00");
        Money ten = Money.of("10.00");
        List<UUID> transfers = IntStream.range(0, 20).mapToObj(i -> UUID.randomUUID()).toList();
        // twenty transfers, keyed by their own ids: spread over the partitions, handled in parallel polls
        transfers.parallelStream().forEach(transfer -> kafka().publish(BankingEvents.TRANSFER, transfer, 1,
                new MoneyTransferCreated(from, UUID.randomUUID(), ten, "race"), "race-" + transfer));

        await().atMost(WAIT).until(() -> events(from).size() == 21);
        List<String> outcomes = eventTypes(from).subList(1, 21);
        assertThat(outcomes.stream().filter("AccountDebited"::equals)).hasSize(10);
        assertThat(outcomes.stream().filter("AccountDebitFailedDueToInsufficientFunds"::equals)).hasSize(10);
        assertThat(balance(from)).isEqualTo("0.00");
        assertThat(events(from).stream().map(e -> e.path("payload").path("transferId").asString()).skip(1).distinct())
                .as("each transfer decided once").hasSize(20);
    }

    @Test
    void aClosedAccountRefusesDebitsAndCreditsButAcceptsRefunds() {
        UUID closed = openAccount("0");
        assertThat(owner.postJson("/accounts/" + closed + "/close", "{}").status()).isEqualTo(200);
        UUID other = openAccount("0");
        Money five = Money.of("5.00");

        UUID t1 = UUID.randomUUID();
        kafka().publish(BankingEvents.TRANSFER, t1, 1, new MoneyTransferCreated(closed, other, five, ""), "c1");
        UUID t2 = UUID.randomUUID();
        kafka().publish(BankingEvents.TRANSFER, t2, 2, new DebitRecorded(other, closed, five), "c2");
        await().atMost(WAIT).until(() -> eventTypes(closed).containsAll(
                List.of("AccountDebitFailedAccountClosed", "AccountCreditFailedAccountClosed")));
        assertThat(balance(closed)).isEqualTo("0.00");

        UUID t3 = UUID.randomUUID();
        kafka().publish(BankingEvents.TRANSFER, t3, 4, new RefundRequested(closed, five, FailureReason.DESTINATION_ACCOUNT_CLOSED), "c3");
        await().atMost(WAIT).until(() -> eventTypes(closed).contains("AccountCredited"));
        assertThat(events(closed).getLast().path("payload").path("refund").asBoolean()).isTrue();
        assertThat(balance(closed)).isEqualTo("5.00");
    }
}
