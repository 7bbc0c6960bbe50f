package io.eventbank.transfers.registry.application;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Accounts known to this service, replicated from Account events. Updates are idempotent by version. */
public interface AccountRegistry {

    enum Status { OPEN, CLOSED }

    /**
     * What the registry holds about one account.
     *
     * @param ownerId the owner named by its AccountOpened; null when unknown (recorded before owners were kept)
     */
    record RegisteredAccount(UUID accountId, Status status, String ownerId) {

        /** Whether {@code customerId} owns this account; an account without a known owner is nobody's. */
        public boolean ownedBy(String customerId) {
            return ownerId != null && ownerId.equals(customerId);
        }
    }

    /**
     * Records the account's status as of {@code version}; an older or equal version changes nothing,
     * except that a known {@code ownerId} (it never changes) fills a row that has none. {@code ownerId}
     * null: not known from this event.
     */
    void record(UUID accountId, Status status, String ownerId, int version);

    Optional<Status> status(UUID accountId);

    /** Those of {@code accountIds} the registry knows, by id, in one look-up. */
    Map<UUID, RegisteredAccount> find(Collection<UUID> accountIds);
}
