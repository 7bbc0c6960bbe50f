package io.eventbank.view.web;

import static io.eventbank.view.TestEvents.account;
import static io.eventbank.view.TestEvents.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventbank.events.BankingEvents;
import io.eventbank.events.Money;
import io.eventbank.events.account.AccountClosed;
import io.eventbank.events.account.AccountCreditFailedAccountClosed;
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
import io.eventbank.testsupport.Http;
import io.eventbank.testsupport.Tokens;
import io.eventbank.view.TopicPublisher;
import io.eventbank.view.ViewServiceTest;
import io.eventbank.view.projection.application.LiveProjection;
import io.eventbank.view.projection.domain.AccountChange;
import io.eventbank.view.projection.domain.AccountView;
import io.eventbank.view.projection.domain.TransferStatus;
import io.eventbank.view.projection.domain.TransferView;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Views rebuilt from the topics equal the ones the live subscription built from the same topics. */
@ViewServiceTest
class RebuildApiTest {

    @Autowired
    LiveProjection projection;

    @LocalServerPort
    int port;

    @Test
    void aRebuildFromTheTopicsProducesViewsIdenticalToTheLiveOnesAndSwitchesToThem() {
        TopicPublisher.ensureTopics(List.of(BankingEvents.ACCOUNT.topic(), BankingEvents.TRANSFER.topic()));
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID c = UUID.randomUUID();
        UUID completed = UUID.randomUUID();
        UUID failed = UUID.randomUUID();
        UUID refunded = UUID.randomUUID();
        List<EventEnvelope<AccountEvent>> accountEvents = List.of(
                account(a, 1, new AccountOpened("rebuild-owner", "A", money("100.00"))),
                account(b, 1, new AccountOpened("rebuild-owner", "B", money("0.00"))),
                account(c, 1, new AccountOpened("rebuild-owner", "C", money("0.00"))),
                account(a, 2, new AccountDebited(completed, money("40.10"), money("59.90"))),
                account(b, 2, new AccountCredited(completed, money("40.10"), false, money("40.10"))),
                account(b, 3, new AccountDebitFailedDueToInsufficientFunds(failed, money("500.00"), money("40.10"))),
                account(c, 2, new AccountClosed("not needed")),
                account(a, 3, new AccountDebited(refunded, money("9.90"), money("50.00"))),
                account(c, 3, new AccountCreditFailedAccountClosed(refunded, money("9.90"))),
                account(a, 4, new AccountCredited(refunded, money("9.90"), true, money("59.90"))));
        List<EventEnvelope<MoneyTransferEvent>> transferEvents = List.of(
                transfer(completed, 1, new MoneyTransferCreated(a, b, money("40.10"), "books", "rebuild-owner")),
                transfer(completed, 2, new DebitRecorded(a, b, money("40.10"))),
                transfer(completed, 3, new CreditRecorded(b, money("40.10"))),
                // stored before initiators were recorded: nobody's
                transfer(failed, 1, new MoneyTransferCreated(b, a, money("500.00"), "too much")),
                transfer(failed, 2, new TransferFailedDueToInsufficientFunds(b)),
                transfer(refunded, 1, new MoneyTransferCreated(a, c, money("9.90"), "closed", "rebuild-owner")),
                transfer(refunded, 2, new DebitRecorded(a, c, money("9.90"))),
                transfer(refunded, 3, new RefundRequested(a, money("9.90"), null)),
                transfer(refunded, 4, new TransferRefunded(a, money("9.90"))));
        try (TopicPublisher publisher = new TopicPublisher()) {
            accountEvents.forEach(e -> publisher.publish(BankingEvents.ACCOUNT.topic(), e));
            transferEvents.forEach(e -> publisher.publish(BankingEvents.TRANSFER.topic(), e));
        }
        UUID withGap = UUID.randomUUID();
        EventEnvelope<AccountEvent> opened = account(withGap, 1, new AccountOpened("rebuild-owner", "G", money("7.00")));
        try (TopicPublisher publisher = new TopicPublisher()) {
            publisher.publish(BankingEvents.ACCOUNT.topic(), opened);
            publisher.publish(BankingEvents.ACCOUNT.topic(), account(withGap, 3, new AccountClosed("gap")));
            publisher.publishRaw(BankingEvents.ACCOUNT.topic(), UUID.randomUUID().toString(), "not an envelope");
        }
        List<UUID> accounts = List.of(a, b, c, withGap);
        List<UUID> transfers = List.of(completed, failed, refunded);
        Http http = Http.localhost(port).bearer(Tokens.customer("rebuild-owner"));
        Http ops = Http.localhost(port).bearer(Tokens.ops());
        // the live subscription has applied everything (the last events of each aggregate)
        assertThat(http.get("/accounts/" + a + "?minVersion=4&waitMs=30000").status()).isEqualTo(200);
        assertThat(http.get("/accounts/" + b + "?minVersion=3&waitMs=30000").status()).isEqualTo(200);
        assertThat(http.get("/accounts/" + c + "?minVersion=3&waitMs=30000").status()).isEqualTo(200);
        assertThat(http.get("/accounts/" + withGap + "?minVersion=1&waitMs=30000").status()).isEqualTo(200);
        assertThat(http.get("/transfers/" + completed + "?minVersion=3&waitMs=30000").status()).isEqualTo(200);
        assertThat(http.get("/transfers/" + refunded + "?minVersion=4&waitMs=30000").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(List.of(a, b, c))
                .flatMap(id -> projection.readStore().account(id.toString()).orElseThrow().recentTransfers())
                .hasSize(6)
                .allSatisfy(e -> assertThat(e.status()).isIn(TransferStatus.COMPLETED, TransferStatus.FAILED,
                        TransferStatus.REFUNDED)));
        Snapshot live = snapshot(accounts, transfers);
        long generationBefore = projection.readStore().generation();

        assertThat(http.post("/admin/rebuild").status()).as("a customer starts no rebuild").isEqualTo(403);
        Http.Response started = ops.post("/admin/rebuild");
        assertThat(started.status()).isEqualTo(202);
        String rebuildId = started.json().get("rebuildId").asString();
        assertThat(started.header("Location")).endsWith("/admin/rebuild/" + rebuildId);
        assertThat(http.get("/accounts/" + a).status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode status = ops.get("/admin/rebuild/" + rebuildId).json();
            assertThat(status.get("state").asString()).isIn("RUNNING", "CATCHING_UP", "COMPLETED");
            assertThat(status.get("state").asString()).isEqualTo("COMPLETED");
        });
        JsonNode status = ops.get("/admin/rebuild/" + rebuildId).json();
        assertThat(status.get("eventsProcessed").asLong())
                .isGreaterThanOrEqualTo(accountEvents.size() + transferEvents.size() + 1);
        assertThat(status.get("eventsRefused").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(status.get("eventsSkipped").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(projection.readStore().generation()).isGreaterThan(generationBefore);
        assertThat(snapshot(accounts, transfers)).isEqualTo(live);
        assertThat(live.accounts()).extracting(AccountView::balance)
                .containsExactly(money("59.90"), money("40.10"), money("0.00"), money("7.00"));
        assertThat(http.get("/accounts/" + a).json().get("balance").asString()).isEqualTo("59.90");
        assertThat(live.transfers()).extracting(TransferView::initiatedBy)
                .containsExactly("rebuild-owner", null, "rebuild-owner");
        assertThat(http.get("/transfers/" + completed).json().get("initiatedBy").asString()).isEqualTo("rebuild-owner");
        assertThat(http.get("/transfers/" + failed).status()).as("a transfer without initiator").isEqualTo(404);
    }

    private Snapshot snapshot(List<UUID> accounts, List<UUID> transfers) {
        var store = projection.readStore();
        List<AccountView> accountViews = new ArrayList<>();
        List<List<AccountChange>> changes = new ArrayList<>();
        for (UUID id : accounts) {
            accountViews.add(store.account(id.toString()).orElseThrow());
            changes.add(store.changes(id.toString(), 0, 100));
        }
        List<TransferView> transferViews = transfers.stream()
                .map(id -> store.transfer(id.toString()).orElseThrow()).toList();
        return new Snapshot(accountViews, changes, transferViews);
    }

    private record Snapshot(List<AccountView> accounts, List<List<AccountChange>> changes,
                            List<TransferView> transfers) {
    }

    private static Money money(String amount) {
        return Money.of(amount);
    }
}
