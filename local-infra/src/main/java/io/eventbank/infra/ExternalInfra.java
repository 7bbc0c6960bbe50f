package io.eventbank.infra;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** External mode: servers someone else runs, named by environment variables. Nothing is started or stopped. */
final class ExternalInfra implements LocalInfra {

    static final String POSTGRES_URL = "EVENTBANK_POSTGRES_URL";
    static final String POSTGRES_USER = "EVENTBANK_POSTGRES_USER";
    static final String POSTGRES_PASSWORD = "EVENTBANK_POSTGRES_PASSWORD";
    static final String KAFKA_BOOTSTRAP = "EVENTBANK_KAFKA_BOOTSTRAP";
    static final String MONGODB_URI = "EVENTBANK_MONGODB_URI";

    private final InfraEndpoints endpoints;

    private ExternalInfra(InfraEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    static ExternalInfra fromEnvironment(Map<String, String> env) {
        long t0 = System.nanoTime();
        List<String> missing = new ArrayList<>();
        String url = required(env, POSTGRES_URL, missing);
        String user = required(env, POSTGRES_USER, missing);
        String password = required(env, POSTGRES_PASSWORD, missing);
        String kafka = required(env, KAFKA_BOOTSTRAP, missing);
        String mongo = required(env, MONGODB_URI, missing);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("external local-infra mode needs the environment variable"
                    + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
                    + " (" + POSTGRES_URL + " = JDBC URL of an admin database, e.g."
                    + " jdbc:postgresql://db:5432/postgres; " + KAFKA_BOOTSTRAP + " = host:port[,host:port]; "
                    + MONGODB_URI + " = mongodb://host:port)");
        }
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new IllegalStateException(POSTGRES_URL + " must be a PostgreSQL JDBC URL"
                    + " (jdbc:postgresql://host[:port]/database): " + url);
        }
        if (!mongo.startsWith("mongodb://") && !mongo.startsWith("mongodb+srv://")) {
            throw new IllegalStateException(MONGODB_URI + " must start with mongodb:// or mongodb+srv://: " + mongo);
        }
        InfraEndpoints endpoints = new InfraEndpoints(url, user, password, kafka, mongo);
        String version = postgresVersion(endpoints);
        StartupReport.line("postgres", "external PostgreSQL " + version + " at " + url + " as " + user, t0);
        StartupReport.line("kafka", "external brokers at " + kafka, t0);
        StartupReport.line("mongodb", "external at " + mongo, t0);
        StartupReport.total(Mode.EXTERNAL, t0);
        return new ExternalInfra(endpoints);
    }

    private static String required(Map<String, String> env, String name, List<String> missing) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            missing.add(name);
            return null;
        }
        return value.trim();
    }

    private static String postgresVersion(InfraEndpoints endpoints) {
        try (var c = DriverManager.getConnection(endpoints.postgresAdminUrl(), endpoints.postgresUser(),
                endpoints.postgresPassword());
             var rs = c.createStatement().executeQuery("show server_version")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + POSTGRES_URL + "=" + endpoints.postgresAdminUrl()
                    + " as " + endpoints.postgresUser() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Mode mode() {
        return Mode.EXTERNAL;
    }

    @Override
    public InfraEndpoints endpoints() {
        return endpoints;
    }



    @Override
    public void close() {
        // not ours to stop
    }
}
