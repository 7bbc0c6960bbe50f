package io.eventbank.eventstore.subscription;

import io.eventbank.eventstore.EventEnvelope;
import org.apache.kafka.common.TopicPartition;

/**
 * One record of a poll as the subscription sees it.
 *
 * @param envelope the decoded event, or null when the record is skipped (no handler, unknown type)
 */
public record Delivery(TopicPartition partition, long offset, EventEnvelope<?> envelope) {

    public boolean skipped() {
        return envelope == null;
    }
}
