package io.eventbank.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import io.eventbank.eventstore.AppendOptions;
import io.eventbank.eventstore.EntityIdAndVersion;
import io.eventbank.eventstore.EventStore;
import io.eventbank.eventstore.jdbc.JdbcEventStore;
import io.eventbank.eventstore.json.EventCodec;
import io.eventbank.infra.LocalInfra;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.flywaydb.core.Flyway;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * DESIGN §10: loading one aggregate of 10 000 events through {@link JdbcEventStore}, with snapshots
 * ({@code snapshotEvery} 100: the newest snapshot plus the events after it) and without (0: every
 * event replayed), on a durable embedded PostgreSQL.
 */
final class SnapshotsBenchmark {

    private static final int PER_COMMIT = 100;

    private final Options options;
    private final String command;

    SnapshotsBenchmark(Options options, String command) {
        this.options = options;
        this.command = command;
    }

    /** {@code benchmarks/run.sh snapshots [options]}. */
    @Command(name = "snapshots", sortOptions = false,
            description = "Loading one aggregate with snapshots (every 100 events) and without, on a durable PostgreSQL.")
    static final class Options extends BenchmarkCommand {

        @Option(names = "--events", paramLabel = "N", defaultValue = "10000", converter = Positive.class,
                description = "events of the aggregate (default ${DEFAULT-VALUE})")
        int events;

        @Option(names = "--loads", paramLabel = "N", defaultValue = "500", converter = Positive.class,
                description = "measured loads each way, after N/10 unmeasured ones (default ${DEFAULT-VALUE})")
        int loads;

        @Option(names = "--tail", paramLabel = "N", defaultValue = "50", converter = Positive.class,
                description = "events appended after the snapshot, replayed on top of it (default ${DEFAULT-VALUE})")
        int tail;

        @Override
        void validate() {
            if (tail >= events) {
                throw invalid("--tail (" + tail + ") must be less than --events (" + events + ")");
            }
        }

        @Override
        void run() throws Exception {
            new SnapshotsBenchmark(this, command()).run();
        }
    }

    void run() throws Exception {
        int events = options.events;
        int loads = options.loads;
        int tail = options.tail;
        String loadBefore = CpuUsage.loadAverage().orElse("?");
        System.out.println("snapshots: starting embedded PostgreSQL (durable), Kafka and MongoDB ...");
        try (LocalInfra infra = LocalInfra.start(LocalInfra.Mode.EMBEDDED,
                LocalInfra.Options.defaults().withDurable(true));
             HikariDataSource db = BenchStack.dataSource(infra.createDatabase("bench_snapshots"), infra.endpoints(), 4)) {
            Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
            Machine machine = Machine.describe(db);
            System.out.println(machine.line());
            EventCodec codec = new EventCodec();
            JdbcEventStore withSnapshots = new JdbcEventStore(db, codec, JdbcEventStore.Options.defaults().withSnapshotEvery(100));
            JdbcEventStore withoutSnapshots = new JdbcEventStore(db, codec, JdbcEventStore.Options.defaults().withSnapshotEvery(0));

            System.out.printf("snapshots: writing %,d events to one aggregate (%d per commit) ...%n", events, PER_COMMIT);
            EntityIdAndVersion id = write(withoutSnapshots, events - tail, null);
            withSnapshots.find(BenchAccount.TYPE, id.id());
            id = write(withoutSnapshots, tail, id);
            int snapshotVersion;
            try (Connection c = db.getConnection();
                 var rs = c.createStatement().executeQuery("select coalesce(max(version), 0) from es_snapshots")) {
                rs.next();
                snapshotVersion = rs.getInt(1);
            }
            if (snapshotVersion == 0) {
                throw new IllegalStateException("the store wrote no snapshot");
            }
            System.out.printf("snapshots: aggregate at version %d, snapshot at version %d (%d events replayed on top)%n",
                    id.version(), snapshotVersion, id.version() - snapshotVersion);

            Histogram without = loads("without snapshots", withoutSnapshots, id, loads, events);
            Histogram with = loads("with snapshots", withSnapshots, id, loads, events);

            String loadAfter = CpuUsage.loadAverage().orElse("?");
            System.out.println();
            System.out.println(machine.line());
            System.out.println("load average (1/5/15 min) before: " + loadBefore + ", after: " + loadAfter);
            Table table = new Table("load of " + id.version() + " events", "loads", "p50 ms", "p99 ms", "max ms");
            table.row("without snapshots (replay all)", without.getTotalCount(), ms(without, 50), ms(without, 99), ms(without, 100));
            table.row("with snapshots (every 100)", with.getTotalCount(), ms(with, 50), ms(with, 99), ms(with, 100));
            table.print(System.out);
            System.out.printf("p99 ratio without/with: %.1f%n", ms(without, 99) / ms(with, 99));

            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("events", id.version());
            figures.put("snapshotVersion", snapshotVersion);
            figures.put("loads", loads);
            figures.put("withSnapshotP50Ms", AppendBenchmark.round(ms(with, 50)));
            figures.put("withSnapshotP99Ms", AppendBenchmark.round(ms(with, 99)));
            figures.put("withSnapshotMaxMs", AppendBenchmark.round(ms(with, 100)));
            figures.put("withoutSnapshotP50Ms", AppendBenchmark.round(ms(without, 50)));
            figures.put("withoutSnapshotP99Ms", AppendBenchmark.round(ms(without, 99)));
            figures.put("withoutSnapshotMaxMs", AppendBenchmark.round(ms(without, 100)));
            figures.put("loadAverageBefore", loadBefore);
            figures.put("loadAverageAfter", loadAfter);
            System.out.println("results: " + Results.write("snapshots", command, machine, figures));
            System.out.println("reproduce: " + command);
        }
    }

    private static EntityIdAndVersion write(EventStore store, int count, EntityIdAndVersion current) {
        int written = 0;
        while (written < count) {
            int n = Math.min(PER_COMMIT, count - written);
            List<BenchAccount.Event> batch = new ArrayList<>(n);
            long base = current == null ? 0 : current.version();
            for (int i = 1; i <= n; i++) {
                batch.add(BenchAccount.deposit(base + i));
            }
            current = current == null ? store.save(BenchAccount.TYPE, batch, AppendOptions.none())
                    : store.update(BenchAccount.TYPE, current, batch, AppendOptions.none());
            written += n;
        }
        return current;
    }

    private static Histogram loads(String label, EventStore store, EntityIdAndVersion id, int loads, int events) {
        Histogram h = new Histogram(3);
        int warmup = Math.max(5, loads / 10);
        long lastPrint = System.nanoTime();
        for (int i = 0; i < warmup + loads; i++) {
            long t0 = System.nanoTime();
            var loaded = store.find(BenchAccount.TYPE, id.id());
            long t1 = System.nanoTime();
            if (loaded.version() != id.version() || loaded.aggregate().deposits() != id.version()) {
                throw new IllegalStateException("loaded " + loaded + ", expected version " + id.version());
            }
            if (i >= warmup) {
                h.recordValue(Math.max(1, (t1 - t0) / 1000));
            }
            if (t1 - lastPrint > 5_000_000_000L) {
                lastPrint = t1;
                System.out.printf("  %-18s %d/%d loads, p50 so far %.2f ms%n", label, Math.max(0, i - warmup + 1), loads,
                        ms(h, 50));
            }
        }
        System.out.printf("  %-18s %d loads: p50 %.2f ms, p99 %.2f ms%n", label, loads, ms(h, 50), ms(h, 99));
        return h;
    }

    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
    }
}
