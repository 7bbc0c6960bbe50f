package io.eventbank.eventstore;

import java.util.UUID;

/** No event exists for this aggregate type and id. */
public class EntityNotFoundException extends RuntimeException {

    private final String aggregateType;
    private final UUID aggregateId;

    public EntityNotFoundException(String aggregateType, UUID aggregateId) {
        super(aggregateType + " " + aggregateId + " not found");
        this.aggregateType = aggregateType;
        this.aggregateId = aggregateId;
    }

    public String aggregateType() {
        return aggregateType;
    }

    public UUID aggregateId() {
        return aggregateId;
    }
}
