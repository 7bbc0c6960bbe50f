package io.eventbank.eventstore.json;

import tools.jackson.databind.JsonNode;

/** A payload as stored: logical type name, its schema version and the JSON itself. */
public record StoredPayload(String eventType, int schemaVersion, JsonNode payload) {

    /** Schema version of a payload whose metadata names none: the first one. */
    public static final int DEFAULT_SCHEMA_VERSION = 1;
}
