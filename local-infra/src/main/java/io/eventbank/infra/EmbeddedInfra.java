package io.eventbank.infra;

import de.bwaldvogel.mongo.MongoServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.sql.DriverManager;
import java.sql.SQLException;
import kafka.server.BrokerServer;
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

    static EmbeddedInfra start(Options options) {
        long t0 = System.nanoTime();
        EmbeddedPostgres postgres = startPostgres(options);
        String adminUrl = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
        StartupReport.line("postgres", describePostgres(adminUrl, options), t0);

        long t1 = System.nanoTime();
        EmbeddedKafkaKraftBroker kafka;
        try {
            kafka = startKafka();
        } catch (RuntimeException e) {
            closeQuietly(postgres);
            throw e;
        }
        StartupReport.line("kafka", "in-process KRaft broker at " + kafka.getBrokersAsString(), t1);

        long t2 = System.nanoTime();
        MongoServer mongo = new MongoServer(new IdLookupMemoryBackend());
        InetSocketAddress mongoAddress;
        try {
            mongo.bind("127.0.0.1", options.mongoPort());
            mongoAddress = mongo.getLocalAddress();
        } catch (RuntimeException e) {
            kafka.destroy();
            closeQuietly(postgres);
            throw e;
        }
        String mongoUri = "mongodb://127.0.0.1:" + mongoAddress.getPort();
        StartupReport.line("mongodb", "mongo-java-server (in-memory, MongoDB wire protocol) at " + mongoUri, t2);

        InfraEndpoints endpoints = new InfraEndpoints(adminUrl, "postgres", "postgres",
                kafka.getBrokersAsString(), mongoUri);
        StartupReport.total(Mode.EMBEDDED, t0);
        return new EmbeddedInfra(postgres, kafka, mongo, endpoints);
    }

    private static EmbeddedPostgres startPostgres(Options options) {
        // zonky's defaults are synchronous_commit=off and "postgres -F" (fsync=off); the -c settings
        // below come after -F on the command line and therefore win.
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setServerConfig("max_connections", "300")
                .setPort(options.postgresPort());
        if (options.durable()) {
            builder.setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on");
        }
        if (options.postgresDataDirectory() != null) {
            builder.setDataDirectory(options.postgresDataDirectory()).setCleanDataDirectory(false);
        }
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL failed to start", e);
        }
    }

    private static String describePostgres(String adminUrl, Options options) {
        try (var c = DriverManager.getConnection(adminUrl, "postgres", "postgres");
             var s = c.createStatement();
             var rs = s.executeQuery("select current_setting('server_version'), current_setting('fsync'), "
                     + "current_setting('synchronous_commit'), current_setting('data_directory')")) {
            rs.next();
            return "PostgreSQL " + rs.getString(1) + " (embedded binaries) at " + adminUrl
                    + " fsync=" + rs.getString(2) + " synchronous_commit=" + rs.getString(3)
                    + (options.postgresDataDirectory() != null ? " data=" + rs.getString(4) : "");
        } catch (SQLException e) {
            throw new IllegalStateException("embedded PostgreSQL started but does not answer at " + adminUrl, e);
        }
    }

    private static EmbeddedKafkaKraftBroker startKafka() {
        // The test kit pre-binds the client listener on a free port and re-binds that same port when the
        // broker restarts; it ignores a port in "listeners", so the Kafka port cannot be chosen.
        EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 1);
        kafka.brokerProperty("auto.create.topics.enable", "true");
        kafka.brokerProperty("transaction.state.log.replication.factor", "1");
        kafka.brokerProperty("transaction.state.log.min.isr", "1");
        kafka.afterPropertiesSet();
        return kafka;
    }

    @Override
    public Mode mode() {
        return Mode.EMBEDDED;
    }

    @Override
    public InfraEndpoints endpoints() {
        return endpoints;
    }



    /** Shuts the broker half of the combined KRaft node down and starts it again; logs and offsets stay. */
    @Override
    public synchronized void restartKafka() {
        long t0 = System.nanoTime();
        BrokerServer broker = kafka.getCluster().brokers().values().iterator().next();
        broker.shutdown();
        broker.awaitShutdown();
        broker.startup();
        KafkaReadiness.await(endpoints.kafkaBootstrapServers());
        StartupReport.line("kafka", "broker restarted at " + endpoints.kafkaBootstrapServers(), t0);
    }

    @Override
    public void close() {
        mongo.shutdownNow();
        kafka.destroy();
        closeQuietly(postgres);
    }

    private static void closeQuietly(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("embedded PostgreSQL did not stop cleanly", e);
        }
    }
}
