package io.eventbank.infra;

/**
 * PostgreSQL, Kafka and MongoDB for tests and local runs, from one of three modes (see {@link Mode}).
 * {@link #shared()} gives one instance per JVM, started on first use and stopped at JVM exit;
 * tests isolate by database, topic and collection names.
 */
public interface LocalInfra extends AutoCloseable {

    enum Mode {
        /** containers when a Docker engine answers, embedded otherwise */
        AUTO,
        /** zonky embedded PostgreSQL 17, in-process KRaft Kafka, mongo-java-server */
        EMBEDDED,
        /** Testcontainers: postgres:17, apache/kafka, mongo:8 */
        CONTAINERS,
        /** endpoints from EVENTBANK_POSTGRES_URL, EVENTBANK_KAFKA_BOOTSTRAP, EVENTBANK_MONGODB_URI ... */
        EXTERNAL
    }

    /** The mode actually running (never AUTO). */
    Mode mode();

    InfraEndpoints endpoints();

    /** Creates the database if missing and returns its JDBC URL (user/password from endpoints). */
    String createDatabase(String name);

    /** JDBC URL of an existing database. */
    String jdbcUrl(String database);

    @Override
    void close();

    /** The JVM-wide instance, mode from system property/env {@code eventbank.infra.mode} / {@code EVENTBANK_INFRA_MODE}. */
    static LocalInfra shared() {
        return LocalInfraFactory.shared();
    }
}
