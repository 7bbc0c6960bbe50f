package io.eventbank.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.DriverManager;
import org.junit.jupiter.api.Test;

class EmbeddedInfraTest {

    @Test
    void createsDatabasesOnTheSharedPostgres() throws Exception {
        LocalInfra infra = LocalInfra.shared();
        String url = infra.createDatabase("infra_smoke");
        try (var c = DriverManager.getConnection(url, "postgres", "postgres");
             var rs = c.createStatement().executeQuery("select current_database(), version()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("infra_smoke");
            assertThat(rs.getString(2)).startsWith("PostgreSQL 17");
        }
        assertThat(infra.createDatabase("infra_smoke")).isEqualTo(url);
        assertThat(infra.endpoints().kafkaBootstrapServers()).isNotBlank();
    }
}
