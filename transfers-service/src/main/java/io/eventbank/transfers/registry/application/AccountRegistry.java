package io.eventbank.transfers.registry.application;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Accounts known to this service, replicated from Account events. Updates are idempotent by version. */
public interface AccountRegistry {

    enum Status { OPEN, CLOSED }

    /** Records the account's status as of {@code version}; an older or equal version changes nothing. */
    void record(UUID accountId, Status status, int version);

    Optional<Status> status(UUID accountId);

    /** Those of {@code accountIds} the registry knows, in one look-up. */
    Set<UUID> known(Collection<UUID> accountIds);
}
