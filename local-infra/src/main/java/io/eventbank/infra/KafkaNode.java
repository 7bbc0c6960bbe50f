package io.eventbank.infra;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * One in-process Kafka node in KRaft combined mode (broker and controller), Kafka's own server
 * class on a log directory that is formatted once and then reused: records, topics and committed
 * offsets survive {@link #restart()} and, with a kept directory, the next process. Both listeners
 * are bound to loopback on ports chosen at the first start and kept by {@link #restart()}.
 */
final class KafkaNode implements AutoCloseable {

    private static final String CONTROLLER = "CONTROLLER";
    private static final int NODE_ID = 1;

    private final Path directory;
    private final boolean temporary;
    private final int brokerPort;
    private final int controllerPort;
    private KafkaRaftServer server;

    private KafkaNode(Path directory, boolean temporary, int brokerPort, int controllerPort) {
        this.directory = directory;
        this.temporary = temporary;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
    }

    /**
     * @param directory the log directory, created and formatted when it holds no cluster yet; null: a
     *                  temporary directory, deleted on {@link #close()}
     */
    static KafkaNode start(Path directory) {
        try {
            boolean temporary = directory == null;
            Path dir = temporary ? Files.createTempDirectory("eventbank-kafka-") : directory;
            Files.createDirectories(dir);
            KafkaNode node = new KafkaNode(dir, temporary, freePort(), freePort());
            node.formatIfNew();
            node.startServer();
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the Kafka log directory", e);
        }
    }

    String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    /** Stops the node (a controlled shutdown) and starts it again on the same ports and log. */
    synchronized void restart() {
        stopServer();
        startServer();
    }

    @Override
    public synchronized void close() {
        stopServer();
        if (temporary) {
            deleteRecursively(directory);
        }
    }

    private Map<String, Object> config() {
        Map<String, Object> props = new HashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + "," + CONTROLLER + "://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("controller.listener.names", CONTROLLER);
        props.put("log.dirs", directory.toString());
        props.put("metadata.log.dir", directory.toString());
        props.put("auto.create.topics.enable", "true");
        props.put("num.partitions", "1");
        props.put("delete.topic.enable", "true");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("log.cleaner.dedupe.buffer.size", "2097152");
        return props;
    }

    private void formatIfNew() {
        if (Files.exists(directory.resolve("meta.properties"))) {
            return;
        }
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(directory.toString()))
                    .setMetadataLogDirectory(directory.toString())
                    .setControllerListenerName(CONTROLLER)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the Kafka log directory " + directory, e);
        }
    }

    private void startServer() {
        KafkaRaftServer started = new KafkaRaftServer(new KafkaConfig(config(), false), Time.SYSTEM);
        started.startup();
        server = started;
        KafkaReadiness.await(bootstrapServers());
    }

    private void stopServer() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Deletes {@code dir} and everything in it, as far as it can: a temporary directory left behind is harmless. */
    static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
