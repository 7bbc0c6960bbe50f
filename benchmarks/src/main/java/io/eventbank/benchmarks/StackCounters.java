package io.eventbank.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import io.eventbank.infra.InfraEndpoints;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Server-side counters sampled at the start and end of a step, for "round trips per transfer":
 * committed transactions of the service databases ({@code pg_stat_database.xact_commit}), WAL
 * flushes of the whole server ({@code pg_stat_wal.wal_sync}), records appended to the application
 * topics and to {@code __consumer_offsets} (one record per partition per offset commit), all read
 * from end offsets. A counter that cannot be read is left out of the sample.
 */
final class StackCounters implements AutoCloseable {

    static final String POSTGRES_COMMITS = "postgresCommits";
    static final String POSTGRES_WAL_FLUSHES = "postgresWalFlushes";
    static final String KAFKA_RECORDS = "kafkaRecordsProduced";
    static final String KAFKA_OFFSET_COMMITS = "kafkaOffsetCommitRecords";

    static final String NOTE = "per completed transfer from server counters at the step's start and end (the end read"
            + " 1 s after the drain, as PostgreSQL backends flush their statistics up to 1 s late): " + POSTGRES_COMMITS
            + " = pg_stat_database.xact_commit of the service databases (every committed transaction, read-only ones and"
            + " autocommit statements included); " + POSTGRES_WAL_FLUSHES
            + " = pg_stat_wal.wal_sync (whole server); " + KAFKA_RECORDS + " = end offsets of the application topics; "
            + KAFKA_OFFSET_COMMITS + " = end offsets of __consumer_offsets (one record per partition per commit); "
            + "httpRequests = requests the load generator sent (POST plus long-polls of the view)";

    private static final String OFFSETS_TOPIC = "__consumer_offsets";

    private final HikariDataSource postgres;
    private final List<String> databases;
    private final Admin kafka;

    private StackCounters(HikariDataSource postgres, List<String> databases, Admin kafka) {
        this.postgres = postgres;
        this.databases = databases;
        this.kafka = kafka;
    }

    static StackCounters on(InfraEndpoints endpoints, List<String> databases) {
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrapServers());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "bench-counters");
        return new StackCounters(BenchStack.dataSource(endpoints), databases, Admin.create(config));
    }

    /** For a stack started elsewhere: no counters. */
    static StackCounters none() {
        return new StackCounters(null, List.of(), null);
    }

    Map<String, Long> sample() {
        Map<String, Long> counters = new LinkedHashMap<>();
        if (postgres != null) {
            try (Connection c = postgres.getConnection();
                 var commits = c.prepareStatement("select coalesce(sum(xact_commit), 0) from pg_stat_database"
                         + " where datname = any(?)")) {
                commits.setArray(1, c.createArrayOf("text", databases.toArray()));
                try (ResultSet rs = commits.executeQuery()) {
                    rs.next();
                    counters.put(POSTGRES_COMMITS, rs.getLong(1));
                }
                try (var s = c.createStatement(); ResultSet rs = s.executeQuery("select wal_sync from pg_stat_wal")) {
                    rs.next();
                    counters.put(POSTGRES_WAL_FLUSHES, rs.getLong(1));
                } catch (Exception e) {
                    // pg_stat_wal.wal_sync moved to pg_stat_io in PostgreSQL 18
                }
            } catch (Exception e) {
                // left out
            }
        }
        if (kafka != null) {
            try {
                Set<String> topics = kafka.listTopics(new ListTopicsOptions().listInternal(true)).names()
                        .get(10, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> request = new HashMap<>();
                kafka.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).forEach((name, d) ->
                        d.partitions().forEach(p -> request.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
                long produced = 0;
                long offsetCommits = 0;
                for (var e : kafka.listOffsets(request).all().get(10, TimeUnit.SECONDS).entrySet()) {
                    String topic = e.getKey().topic();
                    if (topic.equals(OFFSETS_TOPIC)) {
                        offsetCommits += e.getValue().offset();
                    } else if (!topic.startsWith("__")) {
                        produced += e.getValue().offset();
                    }
                }
                counters.put(KAFKA_RECORDS, produced);
                counters.put(KAFKA_OFFSET_COMMITS, offsetCommits);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        return counters;
    }

    @Override
    public void close() {
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }
}
