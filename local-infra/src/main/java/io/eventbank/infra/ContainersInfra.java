package io.eventbank.infra;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.mongodb.MongoDBContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** Containers mode (Testcontainers): the real servers, images pinned to exact tags. */
final class ContainersInfra implements LocalInfra {

    static final String POSTGRES_IMAGE = "postgres:17.6";
    static final String KAFKA_IMAGE = "apache/kafka:4.1.1";
    static final String MONGO_IMAGE = "mongo:8.0.13";
    static final Duration KAFKA_OUTAGE = Duration.ofSeconds(5);

    private final PostgreSQLContainer postgres;
    private final KafkaContainer kafka;
    private final MongoDBContainer mongo;
    private final InfraEndpoints endpoints;

    private ContainersInfra(PostgreSQLContainer postgres, KafkaContainer kafka, MongoDBContainer mongo) {
        this.postgres = postgres;
        this.kafka = kafka;
        this.mongo = mongo;
        this.endpoints = new InfraEndpoints(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword(),
                kafka.getBootstrapServers(), mongo.getConnectionString());
    }

    @SuppressWarnings("resource")
    static ContainersInfra start(Options options) {
        long t0 = System.nanoTime();
        List<String> command = new ArrayList<>(List.of("postgres", "-c", "max_connections=300"));
        // The image's PostgreSQLContainer default command turns fsync off; say explicitly what we want.
        String durability = options.durable() ? "on" : "off";
        command.addAll(List.of("-c", "fsync=" + durability, "-c", "synchronous_commit=" + durability));
        PostgreSQLContainer postgres = new PostgreSQLContainer(POSTGRES_IMAGE)
                .withDatabaseName("postgres")
                .withUsername("postgres")
                .withPassword("postgres")
                .withCommand(command.toArray(String[]::new));
        KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE)
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "true");
        MongoDBContainer mongo = new MongoDBContainer(MONGO_IMAGE);
        try {
            Startables.deepStart(postgres, kafka, mongo).join();
        } catch (RuntimeException e) {
            Stream.of(postgres, kafka, mongo).forEach(GenericContainer::stop);
            throw new IllegalStateException("containers mode: a container failed to start", e);
        }
        ContainersInfra infra = new ContainersInfra(postgres, kafka, mongo);
        StartupReport.line("postgres", POSTGRES_IMAGE + " at " + infra.endpoints.postgresAdminUrl()
                + " fsync=" + durability + " synchronous_commit=" + durability, t0);
        StartupReport.line("kafka", KAFKA_IMAGE + " (KRaft) at " + infra.endpoints.kafkaBootstrapServers(), t0);
        StartupReport.line("mongodb", MONGO_IMAGE + " at " + infra.endpoints.mongoUri(), t0);
        StartupReport.total(Mode.CONTAINERS, t0);
        return infra;
    }

    @Override
    public Mode mode() {
        return Mode.CONTAINERS;
    }

    @Override
    public InfraEndpoints endpoints() {
        return endpoints;
    }



    /**
     * A container restart could move the broker's mapped port, which its advertised listener names;
     * so the broker container is paused for {@link #KAFKA_OUTAGE} and resumed: clients see the same
     * outage, then the same address.
     */
    @Override
    public synchronized void restartKafka() {
        long t0 = System.nanoTime();
        var docker = kafka.getDockerClient();
        docker.pauseContainerCmd(kafka.getContainerId()).exec();
        try {
            Thread.sleep(KAFKA_OUTAGE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            docker.unpauseContainerCmd(kafka.getContainerId()).exec();
        }
        KafkaReadiness.await(endpoints.kafkaBootstrapServers());
        StartupReport.line("kafka", "broker container paused and resumed at " + endpoints.kafkaBootstrapServers(), t0);
    }

    @Override
    public void close() {
        Stream.of(mongo, kafka, postgres).forEach(GenericContainer::stop);
    }
}
