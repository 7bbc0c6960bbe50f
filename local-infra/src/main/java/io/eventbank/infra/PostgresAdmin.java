package io.eventbank.infra;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.regex.Pattern;

/** Database creation and URL derivation shared by every mode. */
final class PostgresAdmin {

    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private PostgresAdmin() {
    }

    static synchronized String createDatabase(InfraEndpoints endpoints, String name) {
        requireName(name);
        try (Connection c = DriverManager.getConnection(endpoints.postgresAdminUrl(),
                endpoints.postgresUser(), endpoints.postgresPassword());
             var exists = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, name);
            boolean found;
            try (var rs = exists.executeQuery()) {
                found = rs.next();
            }
            if (!found) {
                try (var create = c.createStatement()) {
                    create.execute("create database " + name);
                } catch (SQLException e) {
                    // 42P04 duplicate_database: another JVM created it between our check and create
                    if (!"42P04".equals(e.getSQLState())) {
                        throw e;
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + " at "
                    + endpoints.postgresAdminUrl(), e);
        }
        return withDatabase(endpoints.postgresAdminUrl(), name);
    }

    static void requireName(String name) {
        if (name == null || !DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("database name must match [a-z][a-z0-9_]{0,62}: " + name);
        }
    }

    /** The same server URL (host, port, parameters) pointing at {@code database}. */
    static String withDatabase(String jdbcUrl, String database) {
        requireName(database);
        if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL (jdbc:postgresql://host[:port]/db): " + jdbcUrl);
        }
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return "jdbc:postgresql://" + uri.getRawAuthority() + "/" + database + query;
    }
}
