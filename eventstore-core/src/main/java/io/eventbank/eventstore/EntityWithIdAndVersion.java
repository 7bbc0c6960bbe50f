package io.eventbank.eventstore;

import java.util.UUID;

/**
 * An aggregate's state together with its id and the version that state reflects.
 *
 * @param duplicate true when an idempotent update found its triggering message already processed
 *                  and appended nothing; {@code version} is then the one that message produced
 */
public record EntityWithIdAndVersion<A>(UUID id, int version, A aggregate, boolean duplicate) {

    public EntityWithIdAndVersion(UUID id, int version, A aggregate) {
        this(id, version, aggregate, false);
    }

    public EntityIdAndVersion idAndVersion() {
        return new EntityIdAndVersion(id, version);
    }
}
