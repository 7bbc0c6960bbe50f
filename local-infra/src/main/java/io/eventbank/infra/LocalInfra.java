package io.eventbank.infra;

import java.nio.file.Path;
import java.util.Map;

/**
 * PostgreSQL, Kafka and MongoDB for tests and local runs, from one of three modes (see {@link Mode}).
 * {@link #shared()} gives one instance per JVM, started on first use and stopped at JVM exit;
 * tests isolate by database, topic and collection names. {@link #start(Mode, Options)} starts a
 * private instance (benchmarks, local-stack) that the caller closes.
 */
public interface LocalInfra extends AutoCloseable {

    enum Mode {
        /** containers when a Docker engine answers, embedded otherwise */
        AUTO,
        /** zonky embedded PostgreSQL 17, in-process KRaft Kafka, mongo-java-server */
        EMBEDDED,
        /** Testcontainers: postgres:17, apache/kafka (KRaft), mongo:8, tags pinned in the module */
        CONTAINERS,
        /**
         * Endpoints from the environment: {@code EVENTBANK_POSTGRES_URL} (JDBC URL of an admin database),
         * {@code EVENTBANK_POSTGRES_USER}, {@code EVENTBANK_POSTGRES_PASSWORD},
         * {@code EVENTBANK_KAFKA_BOOTSTRAP}, {@code EVENTBANK_MONGODB_URI}.
         */
        EXTERNAL
    }

    /**
     * How to start the infrastructure. Only the embedded mode honours every option; containers honour
     * {@code durable}; external ignores them all (the servers are someone else's). The embedded Kafka
     * node listens on a free port, which a restart keeps.
     *
     * @param durable               PostgreSQL with {@code fsync=on} (benchmarks, the local stack): committed
     *                              transactions survive a machine crash; otherwise embedded PostgreSQL runs
     *                              with {@code fsync=off}. Embedded PostgreSQL always has
     *                              {@code synchronous_commit=on}: a killed server loses nothing committed
     * @param dataDirectory         embedded mode's data, kept after close and reused at the next start:
     *                              PostgreSQL's cluster in {@code postgres/}, the Kafka log in {@code kafka/};
     *                              null: temporary directories, deleted on close
     * @param postgresPort          embedded PostgreSQL port; 0: a free port
     * @param mongoPort             embedded MongoDB-wire port; 0: a free port
     */
    record Options(boolean durable, Path dataDirectory, int postgresPort, int mongoPort) {

        public Options {
            requirePort("postgresPort", postgresPort);
            requirePort("mongoPort", mongoPort);
        }

        private static void requirePort(String name, int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException(name + " must be 0 (any free port) or 1..65535: " + port);
            }
        }

        /** Test defaults: not durable, temporary data, free ports. */
        public static Options defaults() {
            return new Options(false, null, 0, 0);
        }

        public Options withDurable(boolean value) {
            return new Options(value, dataDirectory, postgresPort, mongoPort);
        }

        public Options withDataDirectory(Path value) {
            return new Options(durable, value, postgresPort, mongoPort);
        }

        public Options withPostgresPort(int value) {
            return new Options(durable, dataDirectory, value, mongoPort);
        }

        public Options withMongoPort(int value) {
            return new Options(durable, dataDirectory, postgresPort, value);
        }
    }

    /** The mode actually running (never AUTO). */
    Mode mode();

    InfraEndpoints endpoints();

    /** Creates the database if missing and returns its JDBC URL (user/password from endpoints). */
    default String createDatabase(String name) {
        return PostgresAdmin.createDatabase(endpoints(), name);
    }

    /** JDBC URL of an existing database. */
    default String jdbcUrl(String database) {
        return PostgresAdmin.withDatabase(endpoints().postgresAdminUrl(), database);
    }

    /**
     * Takes the Kafka broker away and brings it back on the same address, keeping its topics, records
     * and committed offsets; returns once the broker answers clients again. Clients see a broker
     * outage and reconnect on their own. Embedded: the Kafka node is shut down and started again on
     * its ports and log directory. Containers: the broker
     * container is paused for 5 s and resumed (a restarted container could change its mapped port).
     *
     * @throws UnsupportedOperationException in modes that cannot restart the broker (external)
     */
    default void restartKafka() {
        throw new UnsupportedOperationException("cannot restart Kafka in " + mode() + " mode");
    }

    /**
     * Kills (-9) the PostgreSQL server with all its processes, as a crash would, and starts it again
     * on the same port and data (crash recovery); returns once it answers. Embedded mode only.
     */
    default void killPostgres() {
        throw new UnsupportedOperationException("cannot kill PostgreSQL in " + mode() + " mode");
    }

    /** Stops (SIGSTOP) every PostgreSQL process for {@code duration}, then continues them. Embedded mode only. */
    default void pausePostgres(java.time.Duration duration) {
        throw new UnsupportedOperationException("cannot pause PostgreSQL in " + mode() + " mode");
    }

    /** Stops MongoDB and starts it again empty on the same address. Embedded mode only. */
    default void restartMongoEmpty() {
        throw new UnsupportedOperationException("cannot restart MongoDB in " + mode() + " mode");
    }

    @Override
    void close();

    /**
     * The JVM-wide instance with {@link Options#defaults()}, mode from system property
     * {@code eventbank.infra.mode} or env {@code EVENTBANK_INFRA_MODE} (default AUTO).
     */
    static LocalInfra shared() {
        return LocalInfraFactory.shared();
    }

    /** The mode {@link #shared()} uses: system property {@code eventbank.infra.mode}, env {@code EVENTBANK_INFRA_MODE}, AUTO. */
    static Mode configuredMode() {
        return LocalInfraFactory.configuredMode();
    }

    /** Starts a private instance; the caller closes it. AUTO resolves as in {@link #shared()}. */
    static LocalInfra start(Mode mode, Options options) {
        return LocalInfraFactory.start(mode, options, System.getenv());
    }

    /** External mode from the given variables (see {@link Mode#EXTERNAL}); names a missing one. */
    static LocalInfra external(Map<String, String> env) {
        return ExternalInfra.fromEnvironment(env);
    }
}
