package io.eventbank.eventstore.json;

/** The (upcast) event type names no record of the aggregate: readers skip it. */
public class UnknownEventTypeException extends RuntimeException {

    public UnknownEventTypeException(String aggregateType, String eventType) {
        super("Unknown event type " + aggregateType + "/" + eventType);
    }
}
