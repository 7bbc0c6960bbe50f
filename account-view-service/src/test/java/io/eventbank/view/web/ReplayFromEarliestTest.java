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
import io.eventbank.eventstore.subscription.EventSubscriptionRuntime;
import io.eventbank.infra.LocalInfra;
import io.eventbank.testsupport.Http;
import io.eventbank.testsupport.Tokens;
import io.eventbank.view.TopicPublisher;
import io.eventbank.view.ViewProperties;
import io.eventbank.view.ViewServiceTest;
import io.eventbank.view.projection.application.LiveProjection;
import io.eventbank.view.projection.domain.AccountChange;
import io.eventbank.view.projection.domain.AccountView;
import io.eventbank.view.projection.domain.TransferStatus;
import io.eventbank.view.projection.domain.TransferView;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The view's consumer group set back to the earliest offsets, with the service stopped: the whole history
 * is delivered again and nothing is applied twice.
 */
@ViewServiceTest
class ReplayFromEarliestTest {

    @Autowired
    LiveProjection projection;

    @Autowired
    EventSubscriptionRuntime runtime;

    @Autowired
    ViewProperties properties;

    @Autowired
    MeterRegistry meters;

    @LocalServerPort
    int port;

    @Test
    void aReplayFromTheEarliestOffsetsAppliesNothingTwice() throws Exception {
        List<String> topics = List.of(BankingEvents.ACCOUNT.topic(), BankingEvents.TRANSFER.topic());
        TopicPublisher.ensureTopics(topics);
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID c = UUID.randomUUID();
        List<EventEnvelope<AccountEvent>> accountEvents = new ArrayList<>(List.of(
                account(a, 1, new AccountOpened("replay-owner", "A", money("100.00"))),
                account(b, 1, new AccountOpened("replay-owner", "B", money("0.00"))),
                account(c, 1, new AccountOpened("replay-owner", "C", money("0.00"))),
                account(c, 2, new AccountClosed("replay"))));
        List<EventEnvelope<MoneyTransferEvent>> transferEvents = new ArrayList<>();
        List<UUID> transfers = new ArrayList<>();
        int versionA = 1;
        int versionB = 1;
        for (int i = 0; i < 24; i++) { // more than the twenty entries an account keeps
            UUID t = UUID.randomUUID();
            transfers.add(t);
            transferEvents.add(transfer(t, 1, new MoneyTransferCreated(a, b, money("1.00"), "#" + i, "replay-owner")));
            accountEvents.add(account(a, ++versionA, new AccountDebited(t, money("1.00"),
                    money("100.00").minus(Money.of(BigDecimal.valueOf(i + 1))))));
            transferEvents.add(transfer(t, 2, new DebitRecorded(a, b, money("1.00"))));
            accountEvents.add(account(b, ++versionB, new AccountCredited(t, money("1.00"), false,
                    Money.of(BigDecimal.valueOf(i + 1)))));
            transferEvents.add(transfer(t, 3, new CreditRecorded(b, money("1.00"))));
        }
        UUID refunded = UUID.randomUUID();
        UUID failed = UUID.randomUUID();
        transfers.add(refunded);
        transfers.add(failed);
        transferEvents.add(transfer(refunded, 1, new MoneyTransferCreated(a, c, money("5.00"), "closed", "replay-owner")));
        accountEvents.add(account(a, ++versionA, new AccountDebited(refunded, money("5.00"), money("71.00"))));
        transferEvents.add(transfer(refunded, 2, new DebitRecorded(a, c, money("5.00"))));
        accountEvents.add(account(c, 3, new AccountCreditFailedAccountClosed(refunded, money("5.00"))));
        transferEvents.add(transfer(refunded, 3, new RefundRequested(a, money("5.00"), null)));
        accountEvents.add(account(a, ++versionA, new AccountCredited(refunded, money("5.00"), true, money("76.00"))));
        transferEvents.add(transfer(refunded, 4, new TransferRefunded(a, money("5.00"))));
        transferEvents.add(transfer(failed, 1, new MoneyTransferCreated(b, a, money("500.00"), "too much", "replay-owner")));
        accountEvents.add(account(b, ++versionB, new AccountDebitFailedDueToInsufficientFunds(failed, money("500.00"),
                money("24.00"))));
        transferEvents.add(transfer(failed, 2, new TransferFailedDueToInsufficientFunds(b)));
        try (TopicPublisher publisher = new TopicPublisher()) {
            accountEvents.forEach(e -> publisher.publish(BankingEvents.ACCOUNT.topic(), e));
            transferEvents.forEach(e -> publisher.publish(BankingEvents.TRANSFER.topic(), e));
        }
        List<UUID> accounts = List.of(a, b, c);
        Http http = Http.localhost(port).bearer(Tokens.customer("replay-owner"));
        assertThat(http.get("/accounts/" + a + "?minVersion=" + versionA + "&waitMs=30000").status()).isEqualTo(200);
        assertThat(http.get("/accounts/" + b + "?minVersion=" + versionB + "&waitMs=30000").status()).isEqualTo(200);
        assertThat(http.get("/accounts/" + c + "?minVersion=3&waitMs=30000").status()).isEqualTo(200);
        for (UUID t : transfers) {
            int last = t.equals(refunded) ? 4 : t.equals(failed) ? 2 : 3;
            assertThat(http.get("/transfers/" + t + "?minVersion=" + last + "&waitMs=30000").status()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(accounts)
                .flatMap(id -> projection.readStore().account(id.toString()).orElseThrow().recentTransfers())
                .allSatisfy(e -> assertThat(e.status()).isIn(TransferStatus.COMPLETED, TransferStatus.FAILED,
                        TransferStatus.REFUNDED)));
        Snapshot before = snapshot(accounts, transfers);
        long appliedBefore = meters.timer("view.lag").count();

        String group = properties.subscriberId();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                LocalInfra.shared().endpoints().kafkaBootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get().forEach((topic, description) ->
                    description.partitions().forEach(p -> {
                        earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
                        latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
                    }));
            Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
            admin.listOffsets(earliest).all().get().forEach((tp, info) -> start.put(tp, new OffsetAndMetadata(info.offset())));
            Map<TopicPartition, Long> end = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> end.put(tp, info.offset()));
            assertThat(end.values().stream().mapToLong(Long::longValue).sum())
                    .isGreaterThanOrEqualTo(accountEvents.size() + transferEvents.size());

            runtime.stop();
            try {
                // the stopped consumers leave the group; the group's offsets can be set once it is empty
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                        .until(() -> admin.alterConsumerGroupOffsets(group, start).all().get() == null);
                assertThat(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get())
                        .allSatisfy((tp, offset) -> assertThat(offset.offset()).isEqualTo(start.get(tp).offset()));
            } finally {
                runtime.start();
            }

            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                assertThat(end).allSatisfy((tp, offset) -> {
                    assertThat(committed).containsKey(tp);
                    assertThat(committed.get(tp).offset()).isGreaterThanOrEqualTo(offset);
                });
            });
        }

        Snapshot after = snapshot(accounts, transfers);
        assertThat(after).isEqualTo(before);
        assertThat(meters.timer("view.lag").count()).as("events applied by the replay").isEqualTo(appliedBefore);
        assertThat(after.accounts()).extracting(AccountView::balance)
                .containsExactly(money("76.00"), money("24.00"), money("0.00"));
        assertThat(after.changeCounts()).containsExactly(26L, 24L, 0L);
        assertThat(after.accounts().getFirst().recentTransfers()).hasSize(20);
        assertThat(after.accounts().get(2).recentTransfers()).singleElement()
                .satisfies(e -> assertThat(e.status()).isEqualTo(TransferStatus.REFUNDED));
    }

    private Snapshot snapshot(List<UUID> accounts, List<UUID> transfers) {
        var store = projection.readStore();
        List<AccountView> accountViews = new ArrayList<>();
        List<List<AccountChange>> changes = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        for (UUID id : accounts) {
            accountViews.add(store.account(id.toString()).orElseThrow());
            changes.add(store.changes(id.toString(), 0, 100));
            counts.add(store.countChanges(id.toString()));
        }
        List<TransferView> transferViews = transfers.stream()
                .map(id -> store.transfer(id.toString()).orElseThrow()).toList();
        return new Snapshot(accountViews, changes, counts, transferViews);
    }

    private record Snapshot(List<AccountView> accounts, List<List<AccountChange>> changes, List<Long> changeCounts,
                            List<TransferView> transfers) {
    }

    private static Money money(String amount) {
        return Money.of(amount);
    }
}
