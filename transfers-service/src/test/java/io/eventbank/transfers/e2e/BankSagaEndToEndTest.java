package io.eventbank.transfers.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventbank.accounts.AccountsApplication;
import io.eventbank.events.BankingEvents;
import io.eventbank.infra.LocalInfra;
import io.eventbank.transfers.TransfersApplication;
import io.eventbank.testsupport.Http;
import io.eventbank.testsupport.KafkaEvents;
import io.eventbank.testsupport.Tokens;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * accounts-service and transfers-service together in one JVM: two contexts on random ports,
 * separate databases, one broker. The saga runs only through Kafka.
 */
@Tag("end-to-end")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BankSagaEndToEndTest {

    private static final Duration SAGA = Duration.ofSeconds(60);
    /** the customer who owns every account of this class and starts every transfer */
    private static final String CUSTOMER = "e2e";
    private static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "REFUNDED");

    private static String accountsDb;
    private static String transfersDb;
    private static ConfigurableApplicationContext accountsService;
    private static ConfigurableApplicationContext transfersService;
    /** accounts-service as {@link #CUSTOMER} */
    private static Http accounts;
    /** accounts-service as the teller, who opens accounts with a balance */
    private static Http teller;
    /** transfers-service as {@link #CUSTOMER} */
    private static Http transfers;
    private static KafkaEvents kafka;
    /** every account opened by this class, with its initial balance */
    private static final Map<UUID, BigDecimal> opened = new LinkedHashMap<>();
    private static final List<UUID> transferIds = new ArrayList<>();

    @BeforeAll
    static void startBothServices() {
        LocalInfra infra = LocalInfra.shared();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        accountsDb = infra.createDatabase("e2e_accounts_" + suffix);
        transfersDb = infra.createDatabase("e2e_transfers_" + suffix);
        start();
        kafka = new KafkaEvents(infra.endpoints().kafkaBootstrapServers());
    }

    private static void start() {
        LocalInfra infra = LocalInfra.shared();
        accountsService = AccountsApplication.application().run(args(infra, accountsDb));
        transfersService = TransfersApplication.application().run(args(infra, transfersDb));
        accounts = new Http("http://localhost:" + port(accountsService)).bearer(Tokens.customer(CUSTOMER));
        teller = accounts.bearer(Tokens.teller());
        transfers = new Http("http://localhost:" + port(transfersService)).bearer(Tokens.customer(CUSTOMER));
    }

    private static String[] args(LocalInfra infra, String jdbcUrl) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=" + infra.endpoints().postgresUser(),
                "--spring.datasource.password=" + infra.endpoints().postgresPassword(),
                "--spring.kafka.bootstrap-servers=" + infra.endpoints().kafkaBootstrapServers(),
                "--server.port=0",
                "--eventbank.eventstore.publisher.poll-interval=100ms"));
        Tokens.resourceServerProperties().forEach((name, value) -> args.add("--" + name + "=" + value));
        return args.toArray(String[]::new);
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        if (transfersService != null) {
            transfersService.close();
        }
        if (accountsService != null) {
            accountsService.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    /** Opened by the teller for {@link #CUSTOMER}, who then owns it. */
    private static UUID openAccount(String balance) {
        Http.Response response = teller.postJson("/accounts",
                "{\"ownerId\":\"" + CUSTOMER + "\",\"title\":\"t\",\"initialBalance\":\"" + balance + "\"}");
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        UUID id = UUID.fromString(response.json().path("accountId").asString());
        synchronized (opened) {
            opened.put(id, new BigDecimal(balance));
        }
        return id;
    }

    private static Http.Response postTransfer(UUID from, UUID to, String amount, Map<String, String> headers) {
        return transfers.post("/transfers", "application/json",
                "{\"fromAccountId\":\"" + from + "\",\"toAccountId\":\"" + to + "\",\"amount\":\"" + amount
                        + "\",\"description\":\"e2e\"}", headers);
    }

    private static UUID transfer(UUID from, UUID to, String amount) {
        Http.Response response = postTransfer(from, to, amount, Map.of());
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        UUID id = UUID.fromString(response.json().path("transferId").asString());
        synchronized (transferIds) {
            transferIds.add(id);
        }
        return id;
    }

    private static String awaitTerminal(UUID transferId) {
        await().atMost(SAGA).until(() -> TERMINAL.contains(status(transferId)));
        return status(transferId);
    }

    private static String status(UUID transferId) {
        return transfers.get("/transfers/" + transferId).json().path("status").asString();
    }

    private static BigDecimal balance(UUID accountId) {
        return new BigDecimal(accounts.get("/accounts/" + accountId).json().path("balance").asString());
    }

    private static void assertBalance(UUID accountId, String expected) {
        assertThat(balance(accountId)).isEqualByComparingTo(expected);
    }

    @Test
    @Order(1)
    void aTransferCompletesAndMovesTheMoney() {
        UUID from = openAccount("200.00");
        UUID to = openAccount("0.00");
        UUID id = transfer(from, to, "50.00");
        assertThat(awaitTerminal(id)).isEqualTo("COMPLETED");
        assertBalance(from, "150.00");
        assertBalance(to, "50.00");
        assertThat(accounts.get("/accounts/" + from + "/history").json().path("events").get(1)
                .path("causationId").asString()).isNotBlank();
        assertThat(transfers.get("/transfers/" + id).json().path("initiatedBy").asString()).isEqualTo(CUSTOMER);
        assertThat(transfers.bearer(Tokens.customer("someone-else")).get("/transfers/" + id).status())
                .isEqualTo(404);
    }

    @Test
    @Order(2)
    void aTransferOverTheBalanceFailsAndChangesNoBalance() {
        UUID from = openAccount("30.00");
        UUID to = openAccount("5.00");
        UUID id = transfer(from, to, "30.01");
        assertThat(awaitTerminal(id)).isEqualTo("FAILED");
        assertBalance(from, "30.00");
        assertBalance(to, "5.00");
    }

    @Test
    @Order(3)
    void aTransferToAClosedAccountIsRefunded() {
        UUID from = openAccount("100.00");
        UUID closed = openAccount("0.00");
        assertThat(accounts.postJson("/accounts/" + closed + "/close", "{}").status()).isEqualTo(200);
        UUID id = transfer(from, closed, "40.00");
        assertThat(awaitTerminal(id)).isEqualTo("REFUNDED");
        assertBalance(from, "100.00");
        assertBalance(closed, "0.00");
        assertThat(transfers.get("/transfers/" + id + "/history").json().path("events").valueStream()
                .map(e -> e.path("eventType").asString()).toList())
                .containsExactly("MoneyTransferCreated", "DebitRecorded", "RefundRequested", "TransferRefunded");
    }

    @Test
    @Order(4)
    void anIdempotencyKeyRetryReturnsTheSameTransfer() {
        UUID from = openAccount("80.00");
        UUID to = openAccount("0.00");
        Map<String, String> key = Map.of("Idempotency-Key", "e2e-" + UUID.randomUUID());
        Http.Response first = postTransfer(from, to, "20.00", key);
        Http.Response retry = postTransfer(from, to, "20.00", key);
        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.json().path("transferId")).isEqualTo(first.json().path("transferId"));
        UUID id = UUID.fromString(first.json().path("transferId").asString());
        transferIds.add(id);
        assertThat(awaitTerminal(id)).isEqualTo("COMPLETED");
        assertBalance(from, "60.00");
        assertBalance(to, "20.00");
    }

    @Test
    @Order(5)
    void concurrentTransfersOutOfOneAccountNeverOverdrawIt() throws Exception {
        UUID source = openAccount("100.00");
        List<UUID> destinations = IntStream.range(0, 5).mapToObj(i -> openAccount("0.00")).toList();
        ConcurrentLinkedQueue<UUID> ids = new ConcurrentLinkedQueue<>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                UUID to = destinations.get(i % destinations.size());
                executor.submit(() -> ids.add(transfer(source, to, "5.00")));
            }
        }
        assertThat(ids).hasSize(50);
        Map<String, Long> outcomes = new LinkedHashMap<>();
        for (UUID id : ids) {
            outcomes.merge(awaitTerminal(id), 1L, Long::sum);
        }
        assertThat(outcomes).containsEntry("COMPLETED", 20L).containsEntry("FAILED", 30L);
        assertBalance(source, "0.00");
        BigDecimal destinationTotal = destinations.stream().map(BankSagaEndToEndTest::balance)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(destinationTotal).isEqualByComparingTo("100.00");
        assertSumOfAllBalancesUnchanged();
    }

    @Test
    @Order(6)
    void redeliveringEverySagaEventChangesNothing() {
        awaitAllConsumed();
        Map<String, Object> before = snapshot();
        long redelivered = republish(BankingEvents.ACCOUNT.topic()) + republish(BankingEvents.TRANSFER.topic());
        assertThat(redelivered).isGreaterThan(100);
        awaitAllConsumed();
        assertThat(snapshot()).isEqualTo(before);
        assertSumOfAllBalancesUnchanged();
    }

    @Test
    @Order(7)
    void replayingBothInputTopicsFromTheStartAfterARestartChangesNothing() throws Exception {
        awaitAllConsumed();
        Map<String, Object> before = snapshot();
        transfersService.close();
        accountsService.close();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                LocalInfra.shared().endpoints().kafkaBootstrapServers()))) {
            resetToEarliest(admin, "accounts-service", BankingEvents.TRANSFER.topic());
            resetToEarliest(admin, "transfers-service", BankingEvents.ACCOUNT.topic());
        }
        assertThat(kafka.consumedAll("accounts-service", BankingEvents.TRANSFER.topic())).isFalse();
        start();
        awaitAllConsumed();
        assertThat(snapshot()).isEqualTo(before);
        assertSumOfAllBalancesUnchanged();
    }

    /** Moves a stopped group's committed offsets back to 0 (the topics keep every record). */
    private static void resetToEarliest(Admin admin, String group, String topic) throws Exception {
        await().atMost(SAGA).until(() -> admin.describeConsumerGroups(List.of(group)).all().get()
                .get(group).groupState() == GroupState.EMPTY);
        Map<TopicPartition, OffsetAndMetadata> start = new LinkedHashMap<>();
        admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                .forEach(p -> start.put(new TopicPartition(topic, p.partition()), new OffsetAndMetadata(0)));
        admin.alterConsumerGroupOffsets(group, start).all().get();
    }

    private static void awaitAllConsumed() {
        await().atMost(SAGA).until(() -> kafka.consumedAll("accounts-service", BankingEvents.TRANSFER.topic())
                && kafka.consumedAll("transfers-service", BankingEvents.ACCOUNT.topic()));
    }

    private static void assertSumOfAllBalancesUnchanged() {
        BigDecimal initial = opened.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal now = BigDecimal.ZERO;
        for (UUID id : opened.keySet()) {
            BigDecimal balance = balance(id);
            assertThat(balance.signum()).as("balance of %s", id).isGreaterThanOrEqualTo(0);
            now = now.add(balance);
        }
        assertThat(now).isEqualByComparingTo(initial);
    }

    /** Everything a redelivery could change: stored events, balances, transfer states, dead letters. */
    private static Map<String, Object> snapshot() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("account events", count(accountsService));
        state.put("transfer events", count(transfersService));
        opened.keySet().forEach(id -> state.put("balance " + id, balance(id)));
        transferIds.forEach(id -> state.put("transfer " + id, status(id)));
        state.put("account dlt", kafka.recordCount(BankingEvents.ACCOUNT.deadLetterTopic()));
        state.put("transfer dlt", kafka.recordCount(BankingEvents.TRANSFER.deadLetterTopic()));
        return state;
    }

    private static long count(ConfigurableApplicationContext context) {
        return context.getBean(JdbcClient.class).sql("select count(*) from es_events").query(Long.class).single();
    }

    /** Sends every record of {@code topic} again, byte for byte, as an at-least-once publisher might. */
    private static long republish(String topic) {
        var records = kafka.readAll(topic);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.shared().endpoints().kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            for (var record : records) {
                producer.send(new ProducerRecord<>(topic, record.partition(), record.key(), record.value(),
                        record.headers()));
            }
            producer.flush();
        }
        return records.size();
    }
}
