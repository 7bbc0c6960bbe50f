package io.eventbank.infra;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** Embedded mode: real PostgreSQL 17 binaries, a real in-process KRaft broker, mongo-java-server. */
final class EmbeddedInfra implements LocalInfra {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedInfra.class);

    private final EmbeddedPostgres postgres;
    private final EmbeddedKafkaKraftBroker kafka;
    private final MongoServer mongo;
    private final InfraEndpoints endpoints;

    private EmbeddedInfra(EmbeddedPostgres postgres, EmbeddedKafkaKraftBroker kafka, MongoServer mongo,
                          InfraEndpoints endpoints) {
        this.postgres = postgres;
        this.kafka = kafka;
        this.mongo = mongo;
        this.endpoints = endpoints;
    }

    static EmbeddedInfra start() {
        long t0 = System.nanoTime();
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL failed to start", e);
        }
        EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 1);
        kafka.brokerProperty("auto.create.topics.enable", "true");
        kafka.afterPropertiesSet();
        MongoServer mongo = new MongoServer(new MemoryBackend());
        InetSocketAddress mongoAddress = mongo.bind();
        InfraEndpoints endpoints = new InfraEndpoints(
                postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres",
                kafka.getBrokersAsString(),
                "mongodb://127.0.0.1:" + mongoAddress.getPort());
        log.info("local-infra embedded started in {} ms: postgres={} kafka={} mongodb={}",
                (System.nanoTime() - t0) / 1_000_000, endpoints.postgresAdminUrl(),
                endpoints.kafkaBootstrapServers(), endpoints.mongoUri());
        return new EmbeddedInfra(postgres, kafka, mongo, endpoints);
    }

    @Override
    public Mode mode() {
        return Mode.EMBEDDED;
    }

    @Override
    public InfraEndpoints endpoints() {
        return endpoints;
    }

    @Override
    public synchronized String createDatabase(String name) {
        if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("database name must match [a-z][a-z0-9_]*: " + name);
        }
        try (Connection c = DriverManager.getConnection(endpoints.postgresAdminUrl(), "postgres", "postgres");
             var exists = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, name);
            try (var rs = exists.executeQuery()) {
                if (!rs.next()) {
                    try (var create = c.createStatement()) {
                        create.execute("create database " + name);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return jdbcUrl(name);
    }

    @Override
    public String jdbcUrl(String database) {
        return postgres.getJdbcUrl("postgres", database);
    }

    @Override
    public void close() {
        mongo.shutdownNow();
        kafka.destroy();
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("embedded PostgreSQL did not stop cleanly", e);
        }
    }
}
