package io.eventbank.eventstore.json;

/**
 * One step of an upcaster chain: rewrites a stored payload of one logical event type and schema
 * version into the next version (possibly under a new type name). Runs on every read path, store
 * and Kafka consumer alike, so old events keep working after records change or are renamed.
 */
public interface EventUpcaster {

    String aggregateType();

    /** Event type name as stored (may be a name no record carries any more). */
    String eventType();

    /** Schema version this step reads; it produces {@code fromSchemaVersion() + 1}. */
    int fromSchemaVersion();

    /** Returns the payload at the next schema version; must not modify its argument. */
    StoredPayload upcast(StoredPayload payload);
}
