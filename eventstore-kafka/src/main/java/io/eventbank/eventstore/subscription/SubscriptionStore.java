package io.eventbank.eventstore.subscription;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a subscription keeps its progress beside the effects of its handlers, so that both commit
 * together: the next offset per partition and, to drop re-published duplicates, the highest
 * version applied per source aggregate. With such a store the consumer group's committed offsets
 * are only a hint; positions read from the store win when partitions are assigned.
 *
 * <p>{@link #kafkaOffsets()} keeps nothing: positions are the group's offsets and the handlers
 * must deduplicate themselves (the views do, by version).
 */
public interface SubscriptionStore {

    /** Work to run inside {@link #handle}. */
    @FunctionalInterface
    interface Work {

        /** @param fresh the deliveries not seen before, skipped ones included, in poll order */
        void run(List<Delivery> fresh) throws Exception;
    }

    /** Next offsets recorded for {@code partitions}; a partition without a recorded position is absent. */
    Map<TopicPartition, Long> positions(String subscriberId, Collection<TopicPartition> partitions);

    /**
     * Runs {@code work} on the deliveries that were not applied before, and records the positions
     * after {@code deliveries} and the versions applied, all in one transaction.
     */
    void handle(String subscriberId, List<Delivery> deliveries, Work work) throws Exception;

    /**
     * Whether a failing {@link #handle} leaves no effect behind (a rolled-back transaction). When not,
     * the records a failed poll handled before the failing one keep their effects.
     */
    boolean atomic();

    /**
     * Records that the consumer moved past a record without handling it (it was dead-lettered), and,
     * when the record could be read, which source version it was: a later re-drive of that record is
     * then applied even though later versions of its aggregate were applied meanwhile.
     *
     * @param source the dead-lettered record's aggregate id and version, or null when unreadable
     */
    void skip(String subscriberId, TopicPartition partition, long nextOffset, SourceVersion source);

    /** A source aggregate's id and the version of one of its events. */
    record SourceVersion(java.util.UUID aggregateId, int version) {
    }

    /** Keeps nothing: the group's committed offsets are the positions, handlers deduplicate themselves. */
    static SubscriptionStore kafkaOffsets() {
        return KafkaOffsetsOnly.INSTANCE;
    }

    /** The store behind {@link #kafkaOffsets()}. */
    enum KafkaOffsetsOnly implements SubscriptionStore {
        INSTANCE;

        @Override
        public Map<TopicPartition, Long> positions(String subscriberId, Collection<TopicPartition> partitions) {
            return Map.of();
        }

        @Override
        public void handle(String subscriberId, List<Delivery> deliveries, Work work) throws Exception {
            work.run(deliveries);
        }

        @Override
        public boolean atomic() {
            return false;
        }

        @Override
        public void skip(String subscriberId, TopicPartition partition, long nextOffset, SourceVersion source) {
        }
    }
}
