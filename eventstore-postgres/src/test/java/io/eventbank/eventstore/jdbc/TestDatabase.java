package io.eventbank.eventstore.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.eventbank.eventstore.json.EventCodec;
import io.eventbank.eventstore.json.EventUpcaster;
import io.eventbank.eventstore.json.StoredPayload;
import io.eventbank.infra.LocalInfra;
import java.util.List;
import org.flywaydb.core.Flyway;
import tools.jackson.databind.node.ObjectNode;

/** One migrated PostgreSQL database per test class, on the JVM-wide local infrastructure. */
final class TestDatabase {

    private TestDatabase() {
    }

    static HikariDataSource create(String name, int poolSize) {
        LocalInfra infra = LocalInfra.shared();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(infra.createDatabase(name));
        config.setUsername(infra.endpoints().postgresUser());
        config.setPassword(infra.endpoints().postgresPassword());
        config.setMaximumPoolSize(poolSize);
        config.setPoolName(name);
        HikariDataSource dataSource = new HikariDataSource(config);
        Flyway.configure().dataSource(dataSource).cleanDisabled(false).load().migrate();
        return dataSource;
    }

    /** Ledger's first deposit event was stored as {@code MoneyDeposited {"sum": ...}} (schema version 1). */
    static final EventUpcaster MONEY_DEPOSITED_V1 = new EventUpcaster() {
        @Override
        public String aggregateType() {
            return "Ledger";
        }

        @Override
        public String eventType() {
            return "MoneyDeposited";
        }

        @Override
        public int fromSchemaVersion() {
            return 1;
        }

        @Override
        public StoredPayload upcast(StoredPayload payload) {
            ObjectNode next = (ObjectNode) payload.payload().deepCopy();
            if (next.has("sum")) {
                next.set("amount", next.get("sum"));
                next.remove("sum");
            }
            return new StoredPayload("AmountDeposited", 2, next);
        }
    };

    /** A second pool on {@code dataSource}'s database whose connections do not auto-commit. */
    static HikariDataSource withoutAutoCommit(HikariDataSource dataSource) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(dataSource.getJdbcUrl());
        config.setUsername(dataSource.getUsername());
        config.setPassword(dataSource.getPassword());
        config.setMaximumPoolSize(2);
        config.setAutoCommit(false);
        return new HikariDataSource(config);
    }

    /** A pool on {@code dataSource}'s database through a proxy on {@code port} of this host, quick to give up. */
    static HikariDataSource through(HikariDataSource dataSource, int port) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(dataSource.getJdbcUrl().replaceFirst("//([^/:]+):\\d+/", "//127.0.0.1:" + port + "/"));
        config.setUsername(dataSource.getUsername());
        config.setPassword(dataSource.getPassword());
        config.setMaximumPoolSize(2);
        config.setConnectionTimeout(500);
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    static EventCodec codec() {
        return new EventCodec(List.of(MONEY_DEPOSITED_V1));
    }
}
