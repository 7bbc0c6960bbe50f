package io.eventbank.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventbank.accounts.support.AccountsIntegrationTest;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The service's PostgreSQL sessions run with the time limits of service-support's ConnectionTimeoutDefaults. */
class ConnectionTimeoutsTest extends AccountsIntegrationTest {

    @Autowired
    DataSource dataSource;

    @Test
    void sessionsEndStuckStatementsAndIdleTransactions() throws Exception {
        assertThat(jdbc.sql("show statement_timeout").query(String.class).single()).isEqualTo("30s");
        assertThat(jdbc.sql("show idle_in_transaction_session_timeout").query(String.class).single()).isEqualTo("1min");
        try (var connection = dataSource.getConnection()) {
            assertThat(connection.unwrap(org.postgresql.PGConnection.class)).isNotNull();
            assertThat(connection.getNetworkTimeout()).as("socket timeout, ms").isEqualTo(60_000);
        }
        assertThat(((com.zaxxer.hikari.HikariDataSource) dataSource).getConnectionTimeout()).isEqualTo(5_000);
    }
}
