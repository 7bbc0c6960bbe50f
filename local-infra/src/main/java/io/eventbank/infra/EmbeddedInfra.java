package io.eventbank.infra;

import de.bwaldvogel.mongo.MongoServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Embedded mode: real PostgreSQL 17 binaries, a real in-process KRaft Kafka node, mongo-java-server. */
final class EmbeddedInfra implements LocalInfra {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedInfra.class);

    private EmbeddedPostgres postgres;
    private final KafkaNode kafka;
    private MongoServer mongo;
    private final InfraEndpoints endpoints;
    private final Options options;
    private final Path postgresData;
    private final boolean postgresDataOwned;

    private EmbeddedInfra(EmbeddedPostgres postgres, KafkaNode kafka, MongoServer mongo,
                          InfraEndpoints endpoints, Options options) {
        this.postgres = postgres;
        this.kafka = kafka;
        this.mongo = mongo;
        this.endpoints = endpoints;
        this.options = options;
        this.postgresData = dataDirectoryOf(endpoints.postgresAdminUrl());
        this.postgresDataOwned = options.dataDirectory() == null;
    }

    static EmbeddedInfra start(Options options) {
        long t0 = System.nanoTime();
        EmbeddedPostgres postgres = startPostgres(options);
        String adminUrl = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
        StartupReport.line("postgres", describePostgres(adminUrl, options), t0);

        long t1 = System.nanoTime();
        KafkaNode kafka;
        Path kafkaLog = options.dataDirectory() == null ? null : options.dataDirectory().resolve("kafka");
        try {
            kafka = KafkaNode.start(kafkaLog);
        } catch (RuntimeException e) {
            closeQuietly(postgres);
            throw e;
        }
        StartupReport.line("kafka", "in-process KRaft node at " + kafka.bootstrapServers()
                + (kafkaLog != null ? " log=" + kafkaLog : ""), t1);

        long t2 = System.nanoTime();
        MongoServer mongo = new MongoServer(new IdLookupMemoryBackend());
        InetSocketAddress mongoAddress;
        try {
            mongo.bind("127.0.0.1", options.mongoPort());
            mongoAddress = mongo.getLocalAddress();
        } catch (RuntimeException e) {
            kafka.close();
            closeQuietly(postgres);
            throw e;
        }
        String mongoUri = "mongodb://127.0.0.1:" + mongoAddress.getPort();
        StartupReport.line("mongodb", "mongo-java-server (in-memory, MongoDB wire protocol) at " + mongoUri, t2);

        InfraEndpoints endpoints = new InfraEndpoints(adminUrl, "postgres", "postgres",
                kafka.bootstrapServers(), mongoUri);
        StartupReport.total(Mode.EMBEDDED, t0);
        return new EmbeddedInfra(postgres, kafka, mongo, endpoints, options);
    }

    /**
     * SIGKILL to the PostgreSQL server and every process of it, as a crash would; then the server is
     * started again on its port and data directory (crash recovery) and this returns once it answers.
     */
    @Override
    public synchronized void killPostgres() {
        long t0 = System.nanoTime();
        List<ProcessHandle> processes = postgresProcesses();
        processes.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle process : processes) {
            try {
                process.onExit().get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while killing PostgreSQL", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("PostgreSQL process " + process.pid() + " did not die", e);
            }
        }
        closeQuietly(postgres);
        postgres = startPostgres(options.withPostgresPort(port(endpoints.postgresAdminUrl())), postgresData);
        StartupReport.line("postgres", "killed (-9) and started again at " + endpoints.postgresAdminUrl(), t0);
    }

    /** SIGSTOP to every PostgreSQL process for {@code duration}, then SIGCONT: a server that stops answering. */
    @Override
    public synchronized void pausePostgres(Duration duration) {
        long t0 = System.nanoTime();
        List<ProcessHandle> processes = postgresProcesses();
        signal("STOP", processes);
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            signal("CONT", processes);
        }
        StartupReport.line("postgres", "stopped (SIGSTOP) for " + duration.toSeconds() + " s and continued", t0);
    }

    /** Stops the MongoDB wire server and starts an empty one on the same port: a server restarted without its data. */
    @Override
    public synchronized void restartMongoEmpty() {
        long t0 = System.nanoTime();
        int port = mongo.getLocalAddress().getPort();
        mongo.shutdownNow();
        MongoServer fresh = new MongoServer(new IdLookupMemoryBackend());
        fresh.bind("127.0.0.1", port);
        mongo = fresh;
        StartupReport.line("mongodb", "restarted empty at " + endpoints.mongoUri(), t0);
    }

    private List<ProcessHandle> postgresProcesses() {
        try {
            long pid = Long.parseLong(Files.readAllLines(postgresData.resolve("postmaster.pid")).getFirst().trim());
            ProcessHandle postmaster = ProcessHandle.of(pid)
                    .orElseThrow(() -> new IllegalStateException("PostgreSQL (pid " + pid + ") is not running"));
            List<ProcessHandle> all = new java.util.ArrayList<>(postmaster.descendants().toList());
            all.addFirst(postmaster);
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + postgresData.resolve("postmaster.pid"), e);
        }
    }

    private static void signal(String signal, List<ProcessHandle> processes) {
        List<String> command = new java.util.ArrayList<>(List.of("kill", "-" + signal));
        processes.forEach(p -> command.add(Long.toString(p.pid())));
        try {
            int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + exit);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + signal, e);
        }
    }

    private static Path dataDirectoryOf(String adminUrl) {
        try (var c = DriverManager.getConnection(adminUrl, "postgres", "postgres");
             var rs = c.createStatement().executeQuery("select current_setting('data_directory')")) {
            rs.next();
            return Path.of(rs.getString(1));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read PostgreSQL's data directory", e);
        }
    }

    private static int port(String adminUrl) {
        return Integer.parseInt(adminUrl.replaceFirst("^jdbc:postgresql://[^:/]+:(\\d+)/.*$", "$1"));
    }

    private static EmbeddedPostgres startPostgres(Options options) {
        return startPostgres(options, null);
    }

    /** @param reuse a data directory to start on again (after a kill), or null for the options' own */
    private static EmbeddedPostgres startPostgres(Options options, Path reuse) {
        // zonky's defaults are synchronous_commit=off and "postgres -F" (fsync=off); the -c settings
        // below come after -F on the command line and therefore win. A commit always waits for its WAL
        // to reach the OS (synchronous_commit=on), so a killed server loses no committed transaction;
        // fsync=on also keeps them through a machine crash.
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setServerConfig("max_connections", "300")
                .setServerConfig("synchronous_commit", "on")
                .setPort(options.postgresPort());
        if (options.durable()) {
            builder.setServerConfig("fsync", "on")
                    .setServerConfig("full_page_writes", "on");
        }
        // the data directory is always this class's (zonky's own is deleted when its instance closes,
        // which a restart after a kill needs to do to release the directory's lock)
        Path directory;
        if (reuse != null) {
            directory = reuse;
        } else if (options.dataDirectory() != null) {
            directory = options.dataDirectory().resolve("postgres");
            stopOrphanedServer(directory);
        } else {
            try {
                directory = Files.createTempDirectory("eventbank-postgres-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temporary PostgreSQL data directory", e);
            }
        }
        builder.setDataDirectory(directory).setCleanDataDirectory(false);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL failed to start", e);
        }
    }

    /**
     * A server left running on {@code directory} by a process that was killed (its PostgreSQL child
     * outlives it) holds the directory's lock: it is shut down (fast: open sessions are ended) first.
     */
    private static void stopOrphanedServer(Path directory) {
        Path pidFile = directory.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().trim());
            Optional<ProcessHandle> server = ProcessHandle.of(pid)
                    .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
            if (server.isEmpty()) {
                return;
            }
            log.warn("PostgreSQL (pid {}) still runs on {}, left by an earlier run; shutting it down", pid, directory);
            new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
            server.get().onExit().get(60, TimeUnit.SECONDS);
        } catch (IOException | RuntimeException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot stop the PostgreSQL server left running on " + directory, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping PostgreSQL on " + directory, e);
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
                    + (options.dataDirectory() != null ? " data=" + rs.getString(4) : "");
        } catch (SQLException e) {
            throw new IllegalStateException("embedded PostgreSQL started but does not answer at " + adminUrl, e);
        }
    }

    @Override
    public Mode mode() {
        return Mode.EMBEDDED;
    }

    @Override
    public InfraEndpoints endpoints() {
        return endpoints;
    }



    /** Stops the KRaft node and starts it again on its ports; logs and offsets stay. */
    @Override
    public synchronized void restartKafka() {
        long t0 = System.nanoTime();
        kafka.restart();
        StartupReport.line("kafka", "broker restarted at " + endpoints.kafkaBootstrapServers(), t0);
    }

    @Override
    public void close() {
        mongo.shutdownNow();
        kafka.close();
        closeQuietly(postgres);
        if (postgresDataOwned) {
            KafkaNode.deleteRecursively(postgresData);
        }
    }


    private static void closeQuietly(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("embedded PostgreSQL did not stop cleanly", e);
        }
    }
}
