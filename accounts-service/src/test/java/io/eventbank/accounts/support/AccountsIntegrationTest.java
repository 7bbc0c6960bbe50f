package io.eventbank.accounts.support;

import io.eventbank.testsupport.KafkaEvents;
import io.eventbank.testsupport.Http;
import io.eventbank.accounts.AccountsApplication;
import io.eventbank.infra.LocalInfra;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * accounts-service on a random port with its own PostgreSQL database and the shared Kafka broker;
 * every subclass shares one application context.
 */
@SpringBootTest(classes = AccountsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=application,accounts-service", "eventstore.publisher.poll-interval=100ms"})
public abstract class AccountsIntegrationTest {

    private static final String DATABASE = "accounts_" + UUID.randomUUID().toString().substring(0, 8);
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

    protected UUID openAccount(String balance) {
        Http.Response response = http.postJson("/accounts",
                "{\"ownerId\":\"owner-" + UUID.randomUUID() + "\",\"title\":\"Test\",\"initialBalance\":\"" + balance + "\"}");
        if (response.status() != 201) {
            throw new AssertionError("open failed: " + response);
        }
        return UUID.fromString(response.json().path("accountId").asString());
    }
}
