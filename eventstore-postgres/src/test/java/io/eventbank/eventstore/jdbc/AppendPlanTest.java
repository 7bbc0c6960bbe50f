package io.eventbank.eventstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.eventbank.eventstore.AppendOptions;
import io.eventbank.eventstore.EntityIdAndVersion;
import io.eventbank.eventstore.EventMetadata;
import io.eventbank.eventstore.EventStore.Append;
import io.eventbank.eventstore.jdbc.Ledger.AmountDeposited;
import io.eventbank.eventstore.jdbc.Ledger.Event;
import io.eventbank.eventstore.jdbc.Ledger.LedgerOpened;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The one append statement as PostgreSQL plans it: on a pool of one connection, whose prepared
 * statements {@code pg_prepared_statements} lists, saves, updates and batch appends of any size
 * share one server-side statement with one generic plan, whose guards probe the unique index.
 */
class AppendPlanTest {

    private static HikariDataSource migrated;
    private static HikariDataSource dataSource;
    private static JdbcEventStore store;
    private static JdbcClient jdbc;

    @BeforeAll
    static void setUp() {
        migrated = TestDatabase.create("es_append_plan", 2);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(migrated.getJdbcUrl());
        config.setUsername(migrated.getUsername());
        config.setPassword(migrated.getPassword());
        config.setMaximumPoolSize(1);
        dataSource = new HikariDataSource(config);
        store = new JdbcEventStore(dataSource, TestDatabase.codec(),
                JdbcEventStore.Options.defaults().withNotifyOnAppend(false));
        jdbc = JdbcClient.create(dataSource);
    }

    @AfterAll
    static void tearDown() {
        store.close();
        dataSource.close();
        migrated.close();
    }

    private static List<Event> deposits(int count) {
        return java.util.Collections.nCopies(count, new AmountDeposited(BigDecimal.ONE, "plan"));
    }

    @Test
    void everyAppendReusesOneGenericPlanThatProbesTheGuardsThroughTheIndex() throws SQLException {
        EntityIdAndVersion one = store.save(Ledger.TYPE, List.of(new LedgerOpened("one")), AppendOptions.none());
        EntityIdAndVersion other = store.save(Ledger.TYPE, List.of(new LedgerOpened("other")), AppendOptions.none());
        for (int i = 0; i < 10; i++) {
            one = store.update(Ledger.TYPE, one, deposits(1), AppendOptions.none());
            other = store.update(Ledger.TYPE, other, deposits(3), AppendOptions.none());
            store.save(Ledger.TYPE, deposits(2), AppendOptions.none());
            store.appendAll(Ledger.TYPE, List.of(
                    new Append<>(one.id(), one.version(), deposits(1), List.of(EventMetadata.EMPTY)),
                    new Append<>(UUID.randomUUID(), 0, deposits(1), List.of(EventMetadata.EMPTY))));
            one = new EntityIdAndVersion(one.id(), one.version() + 1);
        }

        List<Map<String, Object>> appends = jdbc.sql("""
                        select statement, generic_plans, custom_plans from pg_prepared_statements
                         where statement like '%insert into es_events%'
                        """)
                .query().listOfRows();
        assertThat(appends).as("one statement for every append").hasSize(1);
        assertThat((Long) appends.getFirst().get("generic_plans")).isGreaterThan(30);
        assertThat((Long) appends.getFirst().get("custom_plans")).isLessThanOrEqualTo(5);

        int serverVersion = jdbc.sql("select current_setting('server_version_num')::int").query(Integer.class).single();
        assumeThat(serverVersion).as("EXPLAIN (GENERIC_PLAN) needs PostgreSQL 16").isGreaterThanOrEqualTo(160000);
        assertThat(genericPlan((String) appends.getFirst().get("statement")))
                .contains("es_events_aggregate_version").doesNotContain("Seq Scan on es_events");
    }

    /** {@code EXPLAIN (GENERIC_PLAN)} of a statement with {@code $n} parameters: simple query protocol, no Bind. */
    private static String genericPlan(String statement) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", migrated.getUsername());
        properties.setProperty("password", migrated.getPassword());
        properties.setProperty("preferQueryMode", "simple");
        StringBuilder plan = new StringBuilder();
        try (Connection connection = DriverManager.getConnection(migrated.getJdbcUrl(), properties);
             Statement explain = connection.createStatement();
             ResultSet rs = explain.executeQuery("explain (generic_plan) " + statement)) {
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }
}
