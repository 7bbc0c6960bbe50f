package io.eventbank.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedInfraTest {

    private static LocalInfra infra;

    /** The shared instance when it is embedded (always here); a private embedded one on a Docker machine. */
    @BeforeAll
    static void embedded() {
        LocalInfra shared = LocalInfra.shared();
        infra = shared.mode() == LocalInfra.Mode.EMBEDDED ? shared
                : LocalInfra.start(LocalInfra.Mode.EMBEDDED, LocalInfra.Options.defaults());
    }

    @AfterAll
    static void closePrivateInstance() {
        if (infra != LocalInfra.shared()) {
            infra.close();
        }
    }

    @Test
    void createsDatabasesIdempotently() throws Exception {
        assertThat(infra.mode()).isEqualTo(LocalInfra.Mode.EMBEDDED);
        String url = infra.createDatabase("infra_smoke");
        try (var c = DriverManager.getConnection(url, "postgres", "postgres");
             var rs = c.createStatement().executeQuery("select current_database(), version()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("infra_smoke");
            assertThat(rs.getString(2)).startsWith("PostgreSQL 17");
        }
        assertThat(infra.createDatabase("infra_smoke")).isEqualTo(url);
        assertThat(infra.jdbcUrl("infra_smoke")).isEqualTo(url);
        assertThat(infra.endpoints().kafkaBootstrapServers()).isNotBlank();
    }

    @Test
    void defaultPostgresSkipsFsyncButLosesNothingCommittedWhenKilled() throws Exception {
        InfraEndpoints endpoints = infra.endpoints();
        assertThat(settings(endpoints.postgresAdminUrl())).containsExactly("off", "on");
    }

    @Test
    void durableOptionsTurnOnFsyncOnFixedPortsAndKeepDatabasesAndTheKafkaLogForTheNextStart(@TempDir Path dir)
            throws Exception {
        Path data = dir.resolve("data");
        int pgPort = freePort();
        int mongoPort = freePort();
        LocalInfra.Options options = LocalInfra.Options.defaults().withDurable(true)
                .withDataDirectory(data).withPostgresPort(pgPort).withMongoPort(mongoPort);
        String topic = "infra-kept-" + UUID.randomUUID();
        try (LocalInfra durable = LocalInfra.start(LocalInfra.Mode.EMBEDDED, options)) {
            assertThat(settings(durable.endpoints().postgresAdminUrl())).containsExactly("on", "on");
            assertThat(durable.endpoints().postgresAdminUrl()).contains(":" + pgPort + "/");
            assertThat(durable.endpoints().mongoUri()).isEqualTo("mongodb://127.0.0.1:" + mongoPort);
            try (var c = DriverManager.getConnection(durable.createDatabase("kept"), "postgres", "postgres");
                 var s = c.createStatement()) {
                s.execute("create table note(text text); insert into note values ('before the restart')");
            }
            send(durable.endpoints().kafkaBootstrapServers(), topic, "before the restart");
        }
        assertThat(Files.readString(data.resolve("postgres/PG_VERSION")).trim()).isEqualTo("17");
        assertThat(data.resolve("kafka/meta.properties")).exists();

        try (LocalInfra again = LocalInfra.start(LocalInfra.Mode.EMBEDDED, options)) {
            try (var c = DriverManager.getConnection(again.jdbcUrl("kept"), "postgres", "postgres");
                 var rs = c.createStatement().executeQuery("select text from note")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("before the restart");
            }
            assertThat(readAll(again.endpoints().kafkaBootstrapServers(), topic, 1)).containsExactly("before the restart");
        }
    }

    @Test
    void postgresSurvivesAKillAndAPauseAndMongoDbRestartsEmptyOnItsAddress() throws Exception {
        try (LocalInfra own = LocalInfra.start(LocalInfra.Mode.EMBEDDED, LocalInfra.Options.defaults())) {
            String url = own.createDatabase("faults");
            try (var c = DriverManager.getConnection(url, "postgres", "postgres"); var s = c.createStatement()) {
                s.execute("create table note(text text); insert into note values ('committed before the crash')");
            }

            own.killPostgres();

            try (var c = DriverManager.getConnection(url, "postgres", "postgres");
                 var rs = c.createStatement().executeQuery("select text from note")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("committed before the crash");
            }
            try (var c = DriverManager.getConnection(url, "postgres", "postgres")) {
                long backend;
                try (var rs = c.createStatement().executeQuery("select pg_backend_pid()")) {
                    rs.next();
                    backend = rs.getLong(1);
                }
                var pause = java.util.concurrent.CompletableFuture.runAsync(() -> own.pausePostgres(Duration.ofSeconds(2)));
                await("the session's process stopped").atMost(Duration.ofSeconds(5)).until(() -> processState(backend) == 'T');
                // asked while the session's process is stopped: answered once it continues
                try (var rs = c.createStatement().executeQuery("select 1")) {
                    assertThat(rs.next()).isTrue();
                }
                assertThat(processState(backend)).isNotEqualTo('T');
                pause.join();
            }

            String mongo = own.endpoints().mongoUri();
            try (var client = com.mongodb.client.MongoClients.create(mongo)) {
                client.getDatabase("faults").getCollection("c").insertOne(new org.bson.Document("_id", 1));
            }
            own.restartMongoEmpty();
            assertThat(own.endpoints().mongoUri()).isEqualTo(mongo);
            try (var client = com.mongodb.client.MongoClients.create(mongo)) {
                assertThat(client.getDatabase("faults").getCollection("c").countDocuments()).isZero();
            }
        }
    }

    /** The state letter of process {@code pid} in {@code /proc/<pid>/stat} ({@code T}: stopped). */
    private static char processState(long pid) throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }

    @Test
    void restartsKafkaOnTheSameAddressKeepingRecords() {
        String bootstrap = infra.endpoints().kafkaBootstrapServers();
        String topic = "infra-restart-" + UUID.randomUUID();
        send(bootstrap, topic, "before");

        infra.restartKafka();

        assertThat(infra.endpoints().kafkaBootstrapServers()).isEqualTo(bootstrap);
        send(bootstrap, topic, "after");
        assertThat(readAll(bootstrap, topic, 2)).containsExactly("before", "after");
    }

    private static List<String> readAll(String bootstrap, String topic, int expected) {
        List<String> seen = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(r.value());
                }
                return seen.size() >= expected;
            });
        }
        return seen;
    }

    private static void send(String bootstrap, String topic, String value) {
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", value)).get();
        } catch (Exception e) {
            throw new AssertionError("send to " + topic + " failed", e);
        }
    }

    private static List<String> settings(String adminUrl) throws Exception {
        try (var c = DriverManager.getConnection(adminUrl, "postgres", "postgres");
             var rs = c.createStatement().executeQuery(
                     "select current_setting('fsync'), current_setting('synchronous_commit')")) {
            rs.next();
            return List.of(rs.getString(1), rs.getString(2));
        }
    }

    private static int freePort() throws Exception {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
