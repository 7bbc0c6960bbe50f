package io.eventbank.view.projection.application;

import io.eventbank.view.projection.domain.AccountChange;
import io.eventbank.view.projection.domain.AccountView;
import io.eventbank.view.projection.domain.TransferView;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One generation of the views: account documents, their changes, transfer documents. Every write of
 * the live path guards itself (a version, an entry held or not), so no two operations of one call
 * depend on each other's order and a call repeated with the same arguments changes nothing more; only
 * {@link #writeRebuilt} writes unguarded. Writes spanning documents are not atomic.
 *
 * <p>An account document at version 0 is a placeholder: it holds transfer entries that arrived before
 * the account was opened, and readers do not see it.
 */
public interface ViewStore {

    /** How many transfer entries and balance changes an account document keeps: the latest ones. */
    int RECENT_ENTRIES = 20;

    /** The generation these documents belong to. */
    long generation();

    /** Removes every document of this generation. */
    void drop();

    /** Whether this generation holds no account and no transfer. */
    boolean isEmpty();

    /** Creates what the queries and the uniqueness of changes rely on; idempotent. */
    void ensureIndexes();

    // ---- the projector's writes and reads

    /**
     * Applies each delta only onto an account document at the delta's {@code fromVersion}; a delta that
     * opens the account creates it, or fills a placeholder, and is refused when an opened document is
     * there.
     */
    Written applyAccountDeltas(List<AccountDelta> deltas);

    /** Applies each delta only onto a transfer document at its {@code fromVersion}; from 0 it creates the document. */
    Written applyTransferDeltas(List<TransferDelta> deltas);

    /**
     * Brings accounts' transfer entries forward: an addition is stored unless the account holds that
     * transfer's entry already (an account not there yet gets a placeholder); an advance moves a held
     * entry to its version and status only when the entry is older. Entries are kept ordered by
     * creation time, then transfer id, and only the last {@link #RECENT_ENTRIES}, so that what is kept
     * does not depend on the order the two topics were consumed in.
     */
    void writeEntries(List<EntryChange> changes);

    /** Stores the changes; one stored already (same account and version) stays as it is. */
    void recordChanges(List<AccountChange> changes);

    /** Versions of the account documents there are among {@code accountIds} (0 for placeholders). */
    Map<String, Integer> accountVersions(Collection<String> accountIds);

    /** The transfer documents there are among {@code transferIds}. */
    Map<String, TransferView> transfers(Collection<String> transferIds);

    // ---- a rebuild's writes

    /**
     * Writes documents of a generation that nobody else writes yet, without guards: the first write of
     * a document creates it, a later one ({@link Rebuilt#again()}) sets every field the rebuild holds.
     * Any failure is thrown.
     */
    void writeRebuilt(List<Rebuilt<RebuiltAccount>> accounts, List<Rebuilt<TransferView>> transfers,
                      List<AccountChange> changes);

    // ---- reads

    /** The opened account (placeholders are not). */
    Optional<AccountView> account(String accountId);

    /** The owner's opened accounts, by opening time, then id. */
    List<AccountView> accountsOfOwner(String ownerId);

    /** A page of the account's changes in version order. */
    List<AccountChange> changes(String accountId, int page, int size);

    long countChanges(String accountId);

    Optional<TransferView> transfer(String transferId);

    /**
     * What one call of guarded writes did, by the index of the operation in the call.
     *
     * @param refused     operations refused because their document exists already (a creation)
     * @param unconfirmed operations not known to have applied: the refused ones and, when the store
     *                    cannot tell which guard failed, every guarded update of the call; an
     *                    operation not in it applied
     */
    record Written(Set<Integer> refused, Set<Integer> unconfirmed) {

        public static final Written ALL_APPLIED = new Written(Set.of(), Set.of());

        public boolean applied(int operation) {
            return !unconfirmed.contains(operation);
        }
    }

    /** A document of a rebuild and whether the same rebuild has written it before. */
    record Rebuilt<T>(T document, boolean again) {
    }
}
