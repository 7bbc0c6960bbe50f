package io.eventbank.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.DriverManager;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExternalInfraTest {

    private static Map<String, String> envFor(InfraEndpoints e) {
        Map<String, String> env = new HashMap<>();
        env.put("EVENTBANK_POSTGRES_URL", e.postgresAdminUrl());
        env.put("EVENTBANK_POSTGRES_USER", e.postgresUser());
        env.put("EVENTBANK_POSTGRES_PASSWORD", e.postgresPassword());
        env.put("EVENTBANK_KAFKA_BOOTSTRAP", e.kafkaBootstrapServers());
        env.put("EVENTBANK_MONGODB_URI", e.mongoUri());
        return env;
    }

    @Test
    void usesTheServersNamedByTheEnvironment() throws Exception {
        InfraEndpoints embedded = LocalInfra.shared().endpoints();
        try (LocalInfra external = LocalInfra.external(envFor(embedded))) {
            assertThat(external.mode()).isEqualTo(LocalInfra.Mode.EXTERNAL);
            assertThat(external.endpoints()).isEqualTo(embedded);
            String url = external.createDatabase("infra_external");
            try (var c = DriverManager.getConnection(url, embedded.postgresUser(), embedded.postgresPassword());
                 var rs = c.createStatement().executeQuery("select current_database()")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("infra_external");
            }
        }
        // closing the external view stops nothing
        assertThat(LocalInfra.shared().createDatabase("infra_external")).endsWith("/infra_external");
    }

    @Test
    void namesEveryMissingVariable() {
        Map<String, String> env = envFor(LocalInfra.shared().endpoints());
        env.remove("EVENTBANK_KAFKA_BOOTSTRAP");
        env.put("EVENTBANK_MONGODB_URI", " ");
        assertThatThrownBy(() -> LocalInfra.external(env))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("EVENTBANK_KAFKA_BOOTSTRAP, EVENTBANK_MONGODB_URI")
                .hasMessageNotContaining("EVENTBANK_POSTGRES_USER,");
    }

    @Test
    void rejectsAUrlThatIsNotPostgresJdbc() {
        Map<String, String> env = envFor(LocalInfra.shared().endpoints());
        env.put("EVENTBANK_POSTGRES_URL", "postgres://localhost/postgres");
        assertThatThrownBy(() -> LocalInfra.external(env))
                .hasMessageContaining("EVENTBANK_POSTGRES_URL must be a PostgreSQL JDBC URL");
    }

    @Test
    void namesTheVariableWhenPostgresDoesNotAnswer() {
        Map<String, String> env = envFor(LocalInfra.shared().endpoints());
        env.put("EVENTBANK_POSTGRES_PASSWORD", "wrong");
        env.put("EVENTBANK_POSTGRES_USER", "nobody");
        assertThatThrownBy(() -> LocalInfra.external(env))
                .hasMessageContaining("cannot connect to EVENTBANK_POSTGRES_URL=");
    }

    @Test
    void derivesDatabaseUrlsKeepingHostPortAndParameters() {
        assertThat(PostgresAdmin.withDatabase("jdbc:postgresql://db:5432/postgres?sslmode=disable", "accounts"))
                .isEqualTo("jdbc:postgresql://db:5432/accounts?sslmode=disable");
        assertThat(PostgresAdmin.withDatabase("jdbc:postgresql://localhost/postgres", "transfers"))
                .isEqualTo("jdbc:postgresql://localhost/transfers");
        assertThatThrownBy(() -> PostgresAdmin.withDatabase("jdbc:postgresql://db/postgres", "Bad-Name"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
