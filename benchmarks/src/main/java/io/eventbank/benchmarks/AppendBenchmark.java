package io.eventbank.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.eventbank.eventstore.AppendOptions;
import io.eventbank.eventstore.EntityIdAndVersion;
import io.eventbank.eventstore.EventStore;
import io.eventbank.eventstore.kafka.autoconfigure.EventKafkaClients;
import io.eventbank.eventstore.jdbc.JdbcEventStore;
import io.eventbank.eventstore.json.EventCodec;
import io.eventbank.eventstore.publisher.EventPublisher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import io.eventbank.infra.LocalInfra;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * DESIGN §10 "append": event-store appends against raw JDBC inserts of the same row on a durable
 * PostgreSQL ({@code fsync=on}, {@code synchronous_commit=on}), plus batch appends and publish lag.
 */
final class AppendBenchmark {

    static final int BATCH = 10;
    /**
     * Unmeasured run of each single-event path before the first phase, so that JIT compilation
     * (on a 2-core machine it competes with PostgreSQL) does not fall into whichever phase comes first.
     */
    static final Duration JIT_WARMUP = Duration.ofSeconds(5);
    /**
     * The single-event phases (store, store without NOTIFY, raw) run interleaved in this many
     * rounds of a third of the duration each, so that load from outside the benchmark that comes
     * and goes during the run falls on all three alike and their ratio stays comparable.
     */
    static final int ROUNDS = 3;
    private static final String RAW_INSERT = "insert into raw_events"
            + " (event_id, aggregate_type, aggregate_id, version, event_type, payload, metadata)"
            + " values (?::uuid, ?, ?::uuid, ?, ?, ?::jsonb, ?::jsonb)";
    /** What the store writes for an event without correlation, causation or extra metadata. */
    private static final String METADATA = "{\"correlationId\":null,\"causationId\":null,\"schemaVersion\":1,\"extra\":{}}";

    private final Options options;
    private final String command;
    private final EventCodec codec = new EventCodec();

    AppendBenchmark(Options options, String command) {
        this.options = options;
        this.command = command;
    }

    /** {@code benchmarks/run.sh append [options]}. */
    @Command(name = "append", sortOptions = false,
            description = "Store appends against raw JDBC inserts on a durable PostgreSQL, batch appends, publish lag.")
    static final class Options extends BenchmarkCommand {

        @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "20", converter = Positive.class,
                description = "measured time of each phase (default ${DEFAULT-VALUE})")
        int durationSeconds;

        @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "3", converter = NonNegative.class,
                description = "unmeasured warm-up before each phase (default ${DEFAULT-VALUE})")
        int warmupSeconds;

        @Option(names = "--writers", paramLabel = "N", defaultValue = "16", converter = Positive.class,
                description = "concurrent writers (default ${DEFAULT-VALUE})")
        int writers;

        @Option(names = "--rate", paramLabel = "N", defaultValue = "200", converter = Positive.class,
                description = "events/s of paced phases such as publish lag (default ${DEFAULT-VALUE})")
        int rate;

        /** Measured time of each phase. */
        Duration duration() {
            return Duration.ofSeconds(durationSeconds);
        }

        /** Unmeasured time before each phase. */
        Duration warmup() {
            return Duration.ofSeconds(warmupSeconds);
        }

        /** Concurrent writers of the throughput phases. */
        int writers() {
            return writers;
        }

        /** Events per second of paced phases (publish lag). */
        int rate() {
            return rate;
        }

        @Override
        void run() throws Exception {
            new AppendBenchmark(this, command()).run();
        }
    }

    void run() throws Exception {
        System.out.println("append: starting embedded PostgreSQL (durable), Kafka and MongoDB ...");
        try (LocalInfra infra = LocalInfra.start(LocalInfra.Mode.EMBEDDED,
                LocalInfra.Options.defaults().withDurable(true));
             HikariDataSource db = dataSource(infra, infra.createDatabase("bench_append"))) {
            Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
            try (Connection c = db.getConnection(); var s = c.createStatement()) {
                s.execute("create table raw_events (like es_events including all)");
            }
            Machine machine = Machine.describe(db);
            System.out.println(machine.line());
            if (!"on".equals(machine.fsync()) || !"on".equals(machine.synchronousCommit())) {
                throw new IllegalStateException("append needs fsync=on and synchronous_commit=on: " + machine.line());
            }
            System.out.printf("append: %d writers, %ds per phase after %ds warm-up%n", options.writers(),
                    options.duration().toSeconds(), options.warmup().toSeconds());

            EventStore store = new JdbcEventStore(db, codec, JdbcEventStore.Options.defaults());
            ClosedLoop.run("JIT warm-up: store x1", options.writers(), Duration.ZERO, JIT_WARMUP,
                    i -> storeWriter(store, 1));
            ClosedLoop.run("JIT warm-up: raw x1", options.writers(), Duration.ZERO, JIT_WARMUP,
                    i -> rawWriter(db, 1));

            EventStore quietStore = new JdbcEventStore(db, codec,
                    JdbcEventStore.Options.defaults().withNotifyOnAppend(false));
            Duration slice = options.duration().dividedBy(ROUNDS);
            ClosedLoop.Result single = null;
            ClosedLoop.Result quiet = null;
            ClosedLoop.Result raw = null;
            for (int round = 1; round <= ROUNDS; round++) {
                single = plus(single, ClosedLoop.run("store update x1", options.writers(), options.warmup(),
                        slice, i -> storeWriter(store, 1)));
                quiet = plus(quiet, ClosedLoop.run("store update x1 no-NOTIFY", options.writers(),
                        options.warmup(), slice, i -> storeWriter(quietStore, 1)));
                raw = plus(raw, ClosedLoop.run("raw-jdbc insert x1", options.writers(), options.warmup(), slice,
                        i -> rawWriter(db, 1)));
            }
            ClosedLoop.Result batch = ClosedLoop.run("store update x" + BATCH, options.writers(), options.warmup(),
                    options.duration(), i -> storeWriter(store, BATCH));
            ClosedLoop.Result rawBatch = ClosedLoop.run("raw-jdbc insert x" + BATCH, options.writers(),
                    options.warmup(), options.duration(), i -> rawWriter(db, BATCH));

            PublishLag.Result lag = publishLag(infra);

            report(machine, List.of(single, quiet, raw, batch, rawBatch), single, quiet, raw, batch, rawBatch, lag);
        }
    }

    /** A fresh database so the publisher starts with nothing but the paced events to publish. */
    private PublishLag.Result publishLag(LocalInfra infra) throws Exception {
        String bootstrap = infra.endpoints().kafkaBootstrapServers();
        String topic = BenchAccount.EVENTS.topic();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 4, (short) 1))).all().get();
        }
        try (HikariDataSource db = dataSource(infra, infra.createDatabase("bench_publish"))) {
            Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
            JdbcEventStore store = new JdbcEventStore(db, codec, JdbcEventStore.Options.defaults());
            var kafka = EventKafkaClients.template(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
            // as the services run it: the store wakes its own process's publisher after each commit
            EventPublisher publisher = new EventPublisher(db, kafka, codec.mapper(),
                    new EventPublisher.Settings("bench", Duration.ofMillis(500), 2000),
                    new SimpleMeterRegistry());
            store.addCommitListener(publisher::wakeUp);
            publisher.start();
            try {
                return PublishLag.run(store, bootstrap, topic, codec.mapper(), Math.min(options.writers(), 8),
                        options.rate(), options.warmup(), options.duration());
            } finally {
                publisher.stop();
                kafka.getProducerFactory().reset();
            }
        }
    }

    /** One writer of single or batched updates on its own aggregate through the event store. */
    private static ClosedLoop.Operation storeWriter(EventStore store, int perCommit) {
        EntityIdAndVersion[] current = {
                store.save(BenchAccount.TYPE, List.of(BenchAccount.deposit(0)), AppendOptions.none())};
        return () -> {
            List<BenchAccount.Event> events = new ArrayList<>(perCommit);
            for (int i = 1; i <= perCommit; i++) {
                events.add(BenchAccount.deposit(current[0].version() + i));
            }
            current[0] = store.update(BenchAccount.TYPE, current[0], events, AppendOptions.none());
            return perCommit;
        };
    }

    private static ClosedLoop.Result plus(ClosedLoop.Result sum, ClosedLoop.Result slice) {
        return sum == null ? slice : sum.plus(slice);
    }

    private void report(Machine machine, List<ClosedLoop.Result> phases, ClosedLoop.Result single,
                        ClosedLoop.Result quiet, ClosedLoop.Result raw, ClosedLoop.Result batch,
                        ClosedLoop.Result rawBatch,
                        PublishLag.Result lag) {
        System.out.println();
        System.out.println(machine.line());
        Table table = new Table("phase", "events/s", "commits/s", "p50 ms", "p99 ms", "max ms", "errors");
        for (ClosedLoop.Result r : phases) {
            table.row(r.label(), r.eventsPerSecond(), r.operationsPerSecond(), r.latencyMs(50), r.latencyMs(99),
                    r.latencyMs(100), r.errors());
        }
        table.print(System.out);
        double ratio = single.eventsPerSecond() / raw.eventsPerSecond();
        double quietRatio = quiet.eventsPerSecond() / raw.eventsPerSecond();
        System.out.printf("store/raw ratio (single-event updates): %.2f (target >= 0.80); without NOTIFY: %.2f%n",
                ratio, quietRatio);
        System.out.println();
        Table lagTable = new Table("publish lag @" + options.rate() + "/s", "p50 ms", "p99 ms", "max ms",
                "read/committed", "errors");
        lagTable.row("commit -> readable from Kafka", lag.lagMs(50), lag.lagMs(99), lag.lagMs(100),
                lag.published() + "/" + lag.expected(), lag.errors());
        lagTable.row("intended start -> commit", lag.appendMs(50), lag.appendMs(99), lag.appendMs(100), "-", "-");
        lagTable.print(System.out);
        phases.stream().filter(r -> r.firstError() != null)
                .forEach(r -> System.out.println("first error in " + r.label() + ": " + r.firstError()));
        if (lag.firstError() != null) {
            System.out.println("first error in publish lag: " + lag.firstError());
        }

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("writers", options.writers());
        figures.put("durationSeconds", options.duration().toSeconds());
        figures.put("eventsPerSecond", round(single.eventsPerSecond()));
        figures.put("rawInsertsPerSecond", round(raw.eventsPerSecond()));
        figures.put("ratio", round(ratio));
        figures.put("eventsPerSecondWithoutNotify", round(quiet.eventsPerSecond()));
        figures.put("ratioWithoutNotify", round(quietRatio));
        figures.put("batchEventsPerSecond", round(batch.eventsPerSecond()));
        figures.put("rawBatchEventsPerSecond", round(rawBatch.eventsPerSecond()));
        figures.put("publishRate", options.rate());
        figures.put("publishLagP50Ms", round(lag.lagMs(50)));
        figures.put("publishLagP99Ms", round(lag.lagMs(99)));
        figures.put("publishLagMaxMs", round(lag.lagMs(100)));
        figures.put("publishedRead", lag.published());
        figures.put("publishedExpected", lag.expected());
        figures.put("pacedAppendP99Ms", round(lag.appendMs(99)));
        figures.put("phases", phases.stream().map(AppendBenchmark::phase).toList());
        System.out.println("results: " + Results.write("append", command, machine, figures));
        System.out.println("reproduce: " + command);
    }

    static Map<String, Object> phase(ClosedLoop.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("phase", r.label());
        m.put("events", r.events());
        m.put("commits", r.operations());
        m.put("eventsPerSecond", round(r.eventsPerSecond()));
        m.put("latencyP50Ms", round(r.latencyMs(50)));
        m.put("latencyP99Ms", round(r.latencyMs(99)));
        m.put("latencyMaxMs", round(r.latencyMs(100)));
        m.put("errors", r.errors());
        return m;
    }

    static Double round(double value) {
        return Double.isNaN(value) ? null : Math.round(value * 100) / 100.0;
    }

    /** One writer of raw rows on its own aggregate: {@code perCommit} inserts, then commit. */
    private ClosedLoop.Operation rawWriter(HikariDataSource db, int perCommit) {
        String aggregateId = UUID.randomUUID().toString();
        long[] version = {0};
        return () -> {
            try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(RAW_INSERT)) {
                c.setAutoCommit(perCommit == 1);
                for (int i = 0; i < perCommit; i++) {
                    long v = ++version[0];
                    ps.setString(1, UUID.randomUUID().toString());
                    ps.setString(2, BenchAccount.EVENTS.aggregateType());
                    ps.setString(3, aggregateId);
                    ps.setInt(4, (int) v);
                    ps.setString(5, "Deposited");
                    ps.setString(6, codec.write(BenchAccount.deposit(v)));
                    ps.setString(7, METADATA);
                    if (perCommit == 1) {
                        ps.executeUpdate();
                    } else {
                        ps.addBatch();
                    }
                }
                if (perCommit > 1) {
                    ps.executeBatch();
                    c.commit();
                }
            }
            return perCommit;
        };
    }

    private HikariDataSource dataSource(LocalInfra infra, String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(infra.endpoints().postgresUser());
        config.setPassword(infra.endpoints().postgresPassword());
        config.setMaximumPoolSize(options.writers() + 8);
        config.setPoolName("bench");
        return new HikariDataSource(config);
    }
}
