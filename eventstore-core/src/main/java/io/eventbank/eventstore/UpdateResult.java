package io.eventbank.eventstore;

import java.util.UUID;

/**
 * Outcome of {@link EventStore#updateIdempotent}: the aggregate's id and version after the update.
 *
 * @param duplicate true when the triggering message had already been processed for this aggregate:
 *                  nothing was appended and {@code version} is the one that message produced
 */
public record UpdateResult(UUID id, int version, boolean duplicate) {

    public EntityIdAndVersion idAndVersion() {
        return new EntityIdAndVersion(id, version);
    }
}
