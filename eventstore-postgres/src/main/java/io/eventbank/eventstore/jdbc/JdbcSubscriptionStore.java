package io.eventbank.eventstore.jdbc;

import io.eventbank.eventstore.TransactionConflictException;
import io.eventbank.eventstore.subscription.Delivery;
import io.eventbank.eventstore.subscription.SubscriptionStore;
import io.eventbank.eventstore.subscription.SubscriptionStore.SourceVersion;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link SubscriptionStore} in the service's own PostgreSQL database (tables
 * {@code es_subscription_positions} and {@code es_subscription_versions}).
 *
 * <p>Guarantees: a poll's handler effects, the partitions' next offsets and the highest version
 * applied per source aggregate commit in one transaction, so a record is applied exactly once
 * however often it is delivered: re-published records and replays from any earlier offset are
 * dropped by version, with no time window. Two consumers racing on one partition (a rebalance
 * hand-over) cannot both apply a record: the version upsert of the later one finds the row
 * advanced and rolls its whole poll back.
 *
 * <p>A dead-lettered record's source version is parked ({@code es_subscription_parked}): a
 * re-driven copy of it is applied once, even after later versions of its aggregate were.
 *
 * <p>Each poll costs one query for the applied versions, the handlers' own statements, two upserts
 * and one commit. Metric: {@code eventstore.subscription.duplicates} (records dropped, tag
 * {@code subscriber}).
 */
public class JdbcSubscriptionStore implements SubscriptionStore {

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final MeterRegistry meters;
    private final Map<String, Counter> duplicates = new HashMap<>();

    public JdbcSubscriptionStore(JdbcClient jdbc, PlatformTransactionManager transactionManager, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactionManager);
        this.meters = meters;
    }

    @Override
    public Map<TopicPartition, Long> positions(String subscriberId, Collection<TopicPartition> partitions) {
        Set<TopicPartition> wanted = new HashSet<>(partitions);
        Map<TopicPartition, Long> positions = new LinkedHashMap<>();
        jdbc.sql("""
                        select topic, partition, next_offset from es_subscription_positions
                         where subscriber_id = :subscriber
                        """)
                .param("subscriber", subscriberId)
                .query((rs, n) -> {
                    TopicPartition partition = new TopicPartition(rs.getString(1), rs.getInt(2));
                    if (wanted.contains(partition)) {
                        positions.put(partition, rs.getLong(3));
                    }
                    return null;
                })
                .list();
        return positions;
    }

    /** Transactions of one poll run again after a concurrent append, before the conflict counts as a failure. */
    static final int CONFLICT_ATTEMPTS = 20;

    /**
     * {@inheritDoc}
     *
     * <p>A {@link TransactionConflictException} (another writer appended to an aggregate the work
     * appends to) rolls the transaction back and runs it again, up to {@link #CONFLICT_ATTEMPTS} times.
     */
    @Override
    public void handle(String subscriberId, List<Delivery> deliveries, Work work) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                handleOnce(subscriberId, deliveries, work);
                return;
            } catch (TransactionConflictException e) {
                if (attempt >= CONFLICT_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private void handleOnce(String subscriberId, List<Delivery> deliveries, Work work) throws Exception {
        Exception[] failure = new Exception[1];
        tx.executeWithoutResult(status -> {
            try {
                handleInTransaction(subscriberId, deliveries, work);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                failure[0] = e;
                status.setRollbackOnly();
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    private void handleInTransaction(String subscriberId, List<Delivery> deliveries, Work work) throws Exception {
        Set<UUID> sources = new HashSet<>();
        for (Delivery delivery : deliveries) {
            if (!delivery.skipped()) {
                sources.add(delivery.envelope().aggregateId());
            }
        }
        Set<SourceVersion> parked = new HashSet<>();
        Map<UUID, Integer> applied = appliedVersions(subscriberId, sources, parked);
        Map<UUID, Integer> highest = new LinkedHashMap<>();
        List<SourceVersion> redriven = new ArrayList<>();
        List<Delivery> fresh = new ArrayList<>(deliveries.size());
        int dropped = 0;
        for (Delivery delivery : deliveries) {
            if (delivery.skipped()) {
                continue;
            }
            UUID source = delivery.envelope().aggregateId();
            int version = delivery.envelope().version();
            int before = highest.getOrDefault(source, applied.getOrDefault(source, 0));
            if (version <= before) {
                if (parked.remove(new SourceVersion(source, version))) {
                    redriven.add(new SourceVersion(source, version));
                    fresh.add(delivery);
                } else {
                    dropped++;
                }
                continue;
            }
            highest.put(source, version);
            fresh.add(delivery);
        }
        if (dropped > 0) {
            duplicates(subscriberId).increment(dropped);
        }
        if (!fresh.isEmpty()) {
            work.run(fresh);
        }
        recordVersions(subscriberId, highest);
        unpark(subscriberId, redriven);
        recordPositions(subscriberId, deliveries);
    }

    private void unpark(String subscriberId, List<SourceVersion> redriven) {
        for (SourceVersion source : redriven) {
            jdbc.sql("""
                            delete from es_subscription_parked
                             where subscriber_id = :subscriber and aggregate_id = :id and version = :version
                            """)
                    .param("subscriber", subscriberId)
                    .param("id", source.aggregateId())
                    .param("version", source.version())
                    .update();
        }
    }

    private Map<UUID, Integer> appliedVersions(String subscriberId, Set<UUID> sources, Set<SourceVersion> parked) {
        Map<UUID, Integer> applied = new HashMap<>();
        if (sources.isEmpty()) {
            return applied;
        }
        jdbc.sql("""
                        select aggregate_id, version, false from es_subscription_versions
                         where subscriber_id = :subscriber and aggregate_id = any(:ids::uuid[])
                        union all
                        select aggregate_id, version, true from es_subscription_parked
                         where subscriber_id = :subscriber and aggregate_id = any(:ids::uuid[])
                        """)
                .param("subscriber", subscriberId)
                .param("ids", sources.stream().map(UUID::toString).toArray(String[]::new))
                .query((rs, n) -> {
                    UUID id = rs.getObject(1, UUID.class);
                    if (rs.getBoolean(3)) {
                        parked.add(new SourceVersion(id, rs.getInt(2)));
                    } else {
                        applied.put(id, rs.getInt(2));
                    }
                    return null;
                })
                .list();
        return applied;
    }

    private void recordVersions(String subscriberId, Map<UUID, Integer> highest) {
        if (highest.isEmpty()) {
            return;
        }
        int advanced = jdbc.sql("""
                        insert into es_subscription_versions (subscriber_id, aggregate_id, version)
                        select :subscriber, v.id, v.version from unnest(:ids::uuid[], :versions::int[]) as v(id, version)
                        on conflict (subscriber_id, aggregate_id) do update set version = excluded.version
                         where es_subscription_versions.version < excluded.version
                        """)
                .param("subscriber", subscriberId)
                .param("ids", highest.keySet().stream().map(UUID::toString).toArray(String[]::new))
                .param("versions", highest.values().toArray(Integer[]::new))
                .update();
        if (advanced != highest.size()) {
            throw new ConcurrencyFailureException(subscriberId + ": another consumer applied some of these records"
                    + " first; the poll is rolled back and delivered again");
        }
    }

    private void recordPositions(String subscriberId, List<Delivery> deliveries) {
        Map<TopicPartition, Long> next = new LinkedHashMap<>();
        for (Delivery delivery : deliveries) {
            next.merge(delivery.partition(), delivery.offset() + 1, Math::max);
        }
        upsertPositions(subscriberId, next);
    }

    @Override
    public boolean atomic() {
        return true;
    }

    @Override
    public void skip(String subscriberId, TopicPartition partition, long nextOffset, SourceVersion source) {
        tx.executeWithoutResult(status -> {
            if (source != null) {
                jdbc.sql("""
                                insert into es_subscription_parked (subscriber_id, aggregate_id, version)
                                select :subscriber, :id, :version
                                 where not exists (select 1 from es_subscription_versions
                                                    where subscriber_id = :subscriber and aggregate_id = :id
                                                      and version >= :version)
                                on conflict do nothing
                                """)
                        .param("subscriber", subscriberId)
                        .param("id", source.aggregateId())
                        .param("version", source.version())
                        .update();
            }
            upsertPositions(subscriberId, Map.of(partition, nextOffset));
        });
    }

    private void upsertPositions(String subscriberId, Map<TopicPartition, Long> next) {
        jdbc.sql("""
                        insert into es_subscription_positions (subscriber_id, topic, partition, next_offset)
                        select :subscriber, p.topic, p.partition, p.next_offset
                          from unnest(:topics::text[], :partitions::int[], :offsets::bigint[]) as p(topic, partition, next_offset)
                        on conflict (subscriber_id, topic, partition) do update
                           set next_offset = greatest(es_subscription_positions.next_offset, excluded.next_offset),
                               updated_at = now()
                        """)
                .param("subscriber", subscriberId)
                .param("topics", next.keySet().stream().map(TopicPartition::topic).toArray(String[]::new))
                .param("partitions", next.keySet().stream().map(TopicPartition::partition).toArray(Integer[]::new))
                .param("offsets", next.values().toArray(Long[]::new))
                .update();
    }

    private Counter duplicates(String subscriberId) {
        synchronized (duplicates) {
            return duplicates.computeIfAbsent(subscriberId, id -> Counter.builder("eventstore.subscription.duplicates")
                    .description("Records dropped because their source version was already applied")
                    .tag("subscriber", id).register(meters));
        }
    }
}
