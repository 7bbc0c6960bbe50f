package io.eventbank.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checks below are only as good as these helpers: they must say no when they should. */
class RepositoryHelpersTest {

    @Test
    void flattensNestedAndDottedYamlKeys() {
        Map<String, String> properties = new LinkedHashMap<>();
        Repository.flatten("", Repository.yaml().load("""
                spring:
                  kafka:
                    bootstrap-servers: localhost:9092
                  mongodb.uri: mongodb://localhost/x
                server:
                  port: 8081
                eventstore:
                  topics: [a, b]
                """), properties);

        assertThat(properties).containsEntry("spring.kafka.bootstrap-servers", "localhost:9092")
                .containsEntry("spring.mongodb.uri", "mongodb://localhost/x")
                .containsEntry("server.port", "8081")
                .containsEntry("eventstore.topics[1]", "b");
    }

    @Test
    void matchesEnvironmentVariablesByRelaxedBindingOnly() {
        Map<String, String> properties = Map.of(
                "spring.kafka.bootstrap-servers", "localhost:9092",
                "server.port", "8081",
                "spring.datasource.url", "${ACCOUNTS_DB_URL:jdbc:postgresql://localhost/accounts}");

        assertThat(Repository.environmentVariableIsRead("SPRING_KAFKA_BOOTSTRAP_SERVERS", properties)).isTrue();
        assertThat(Repository.environmentVariableIsRead("SERVER_PORT", properties)).isTrue();
        assertThat(Repository.environmentVariableIsRead("ACCOUNTS_DB_URL", properties)).isTrue();
        assertThat(Repository.environmentVariableIsRead("SPRING_DATASOURCE_URL", properties)).isTrue();
        assertThat(Repository.environmentVariableIsRead("SPRING_MONGODB_URI", properties)).isFalse();
        assertThat(Repository.environmentVariableIsRead("SPRING_KAFKA_BOOTSTRAP", properties)).isFalse();
        assertThat(Repository.environmentVariableIsRead("SERVER_PORTS", properties)).isFalse();
    }
}
