package io.eventbank.eventstore;

import java.util.Map;
import java.util.UUID;

/**
 * Options of one append.
 *
 * @param assignedId          id for a new aggregate ({@code save} only); generated when null. A
 *                            second {@code save} with the same id fails with
 *                            {@link OptimisticLockingException}, which makes creation idempotent
 * @param triggeringMessageId id of the message that caused this append ({@code update} only):
 *                            when it was already processed for this aggregate, nothing is
 *                            appended and the version it produced is returned
 * @param metadata            correlation, causation and free metadata stored with each event
 */
public record AppendOptions(UUID assignedId, String triggeringMessageId, EventMetadata metadata) {

    public static final AppendOptions NONE = new AppendOptions(null, null, EventMetadata.EMPTY);

    public AppendOptions {
        metadata = metadata == null ? EventMetadata.EMPTY : metadata;
    }

    public static AppendOptions none() {
        return NONE;
    }

    public AppendOptions withAssignedId(UUID id) {
        return new AppendOptions(id, triggeringMessageId, metadata);
    }

    public AppendOptions withTriggeringMessageId(String messageId) {
        return new AppendOptions(assignedId, messageId, metadata);
    }

    public AppendOptions withCorrelationId(String correlationId) {
        return new AppendOptions(assignedId, triggeringMessageId,
                new EventMetadata(correlationId, metadata.causationId(), metadata.extra()));
    }

    public AppendOptions withCausationId(String causationId) {
        return new AppendOptions(assignedId, triggeringMessageId,
                new EventMetadata(metadata.correlationId(), causationId, metadata.extra()));
    }

    public AppendOptions withMetadata(EventMetadata metadata) {
        return new AppendOptions(assignedId, triggeringMessageId, metadata);
    }

    public AppendOptions withExtra(Map<String, String> extra) {
        return new AppendOptions(assignedId, triggeringMessageId,
                new EventMetadata(metadata.correlationId(), metadata.causationId(), extra));
    }
}
