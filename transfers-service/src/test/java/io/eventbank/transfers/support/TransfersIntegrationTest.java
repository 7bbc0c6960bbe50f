package io.eventbank.transfers.support;

import io.eventbank.testsupport.KafkaEvents;
import io.eventbank.testsupport.Http;
import io.eventbank.events.BankingEvents;
import io.eventbank.events.account.AccountOpened;
import io.eventbank.infra.LocalInfra;
import io.eventbank.transfers.TransfersApplication;
import java.math.BigDecimal;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * transfers-service alone on a random port with its own database and the shared broker; account
 * events are fed onto its input topic by the tests. Every subclass shares one application context.
 */
@SpringBootTest(classes = TransfersApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=application,transfers-service", "eventstore.publisher.poll-interval=100ms",
                "transfers.registry.wait-for-account=3s"})
public abstract class TransfersIntegrationTest {

    private static final String DATABASE = "transfers_" + UUID.randomUUID().toString().substring(0, 8);
    private static KafkaEvents kafka;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        LocalInfra infra = LocalInfra.shared();
        registry.add("spring.datasource.url", () -> infra.createDatabase(DATABASE));
        registry.add("spring.datasource.username", () -> infra.endpoints().postgresUser());
        registry.add("spring.datasource.password", () -> infra.endpoints().postgresPassword());
        registry.add("spring.kafka.bootstrap-servers", () -> infra.endpoints().kafkaBootstrapServers());
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    protected Http http;

    @BeforeEach
    void client() {
        http = new Http("http://localhost:" + port);
    }

    protected static synchronized KafkaEvents kafka() {
        if (kafka == null) {
            kafka = new KafkaEvents(LocalInfra.shared().endpoints().kafkaBootstrapServers());
        }
        return kafka;
    }

    protected long eventCount() {
        return jdbc.sql("select count(*) from es_events").query(Long.class).single();
    }

    /** Publishes AccountOpened for a new account id, as accounts-service would, and returns the id. */
    protected UUID accountOpenedElsewhere() {
        UUID id = UUID.randomUUID();
        kafka().publish(BankingEvents.ACCOUNT, id, 1, new AccountOpened("owner", "t", new BigDecimal("100.00")), "c");
        return id;
    }

    protected String registryStatus(UUID accountId) {
        return jdbc.sql("select status from account_registry where account_id = :id").param("id", accountId)
                .query(String.class).optional().orElse(null);
    }

    protected static String transferJson(UUID from, UUID to, String amount) {
        return "{\"fromAccountId\":\"" + from + "\",\"toAccountId\":\"" + to + "\",\"amount\":" + amount
                + ",\"description\":\"test\"}";
    }
}
