package io.eventbank.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventbank.infra.InfraEndpoints;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ServiceDefinitionTest {

    private static final InfraEndpoints INFRA = new InfraEndpoints(
            "jdbc:postgresql://localhost:5432/postgres?user=postgres", "pg-user", "pg-secret",
            "localhost:9092", "mongodb://127.0.0.1:27017");

    @Test
    void commandServicesGetTheirOwnDatabaseAndKafka() {
        var env = ServiceDefinition.ACCOUNTS.environment(9001, INFRA, db -> "jdbc:postgresql://localhost:5432/" + db);

        assertThat(env)
                .containsEntry("SERVER_PORT", "9001")
                .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://localhost:5432/accounts")
                .containsEntry("SPRING_DATASOURCE_USERNAME", "pg-user")
                .containsEntry("SPRING_DATASOURCE_PASSWORD", "pg-secret")
                .containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
                .doesNotContainKey("SPRING_MONGODB_URI");
        assertThat(ServiceDefinition.TRANSFERS.environment(9002, INFRA, db -> db))
                .containsEntry("SPRING_DATASOURCE_URL", "transfers");
    }

    @Test
    void viewServiceGetsMongoWithItsDatabaseAndNoPostgres() {
        var env = ServiceDefinition.ACCOUNT_VIEW.environment(9003, INFRA, db -> {
            throw new AssertionError("view has no PostgreSQL database");
        });

        assertThat(env)
                .containsEntry("SPRING_MONGODB_URI", "mongodb://127.0.0.1:27017/eventbank_view")
                .containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
                .doesNotContainKey("SPRING_DATASOURCE_URL");
    }

    @Test
    void putsTheViewDatabaseIntoAnyMongoUri() {
        assertThat(ServiceDefinition.mongoUriWithDatabase("mongodb://h:1/", "v")).isEqualTo("mongodb://h:1/v");
        assertThat(ServiceDefinition.mongoUriWithDatabase("mongodb://h:1/other?replicaSet=rs0", "v"))
                .isEqualTo("mongodb://h:1/v?replicaSet=rs0");
        assertThat(ServiceDefinition.mongoUriWithDatabase("mongodb://u:p@h1:1,h2:2?tls=true", "v"))
                .isEqualTo("mongodb://u:p@h1:1,h2:2/v?tls=true");
    }

    @Test
    void theWebAppGetsTheIssuerItsSecretAndTheApisButNoInfrastructure() {
        var env = new java.util.LinkedHashMap<>(ServiceDefinition.WEB.environment(8080, INFRA,
                database -> "jdbc:postgresql://h/" + database));
        env.putAll(ServiceDefinition.webEnvironment("http://localhost:9000", "s", java.net.URI.create("http://a"),
                java.net.URI.create("http://t"), java.net.URI.create("http://v")));
        assertThat(env).containsOnlyKeys("SERVER_PORT", "EVENTBANK_WEBAPP_AUTH_ISSUER", "EVENTBANK_WEBAPP_AUTH_CLIENTSECRET",
                "EVENTBANK_WEBAPP_APIS_ACCOUNTS", "EVENTBANK_WEBAPP_APIS_TRANSFERS", "EVENTBANK_WEBAPP_APIS_VIEWS");
    }

    @Test
    void jarsFollowTheArtifactNames() {
        assertThat(ServiceDefinition.ALL).extracting(d -> d.jar(Path.of("/r")).toString())
                .containsExactly("/r/auth-service/target/auth-service.jar",
                        "/r/accounts-service/target/accounts-service.jar",
                        "/r/transfers-service/target/transfers-service.jar",
                        "/r/account-view-service/target/account-view-service.jar",
                        "/r/web-app/target/web-app.jar");
        assertThat(ServiceDefinition.ALL).extracting(ServiceDefinition::defaultPort).containsExactly(9000, 8081, 8082, 8083, 8080);
    }
}
