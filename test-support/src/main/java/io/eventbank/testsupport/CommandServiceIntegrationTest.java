package io.eventbank.testsupport;

import io.eventbank.infra.LocalInfra;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A command service on a random port with a PostgreSQL database of its own and the shared Kafka
 * broker, trusting {@link Tokens}. A service's base class adds {@code @SpringBootTest} with its application class; every
 * test class under that base shares one application context and one database.
 */
public abstract class CommandServiceIntegrationTest {

    private static final String DATABASE = "service_" + UUID.randomUUID().toString().substring(0, 8);
    private static KafkaEvents kafka;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestDatabases.register(registry, DATABASE);
        registry.add("spring.kafka.bootstrap-servers", () -> LocalInfra.shared().endpoints().kafkaBootstrapServers());
        Tokens.resourceServerProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    protected Http http;

    @BeforeEach
    protected void connectHttpClient() {
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
}
