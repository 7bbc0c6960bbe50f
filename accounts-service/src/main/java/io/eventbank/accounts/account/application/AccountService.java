package io.eventbank.accounts.account.application;

import io.eventbank.accounts.account.domain.Account;
import io.eventbank.accounts.account.domain.AccountCommand;
import io.eventbank.accounts.account.domain.AccountCommand.CloseAccount;
import io.eventbank.accounts.account.domain.AccountCommand.OpenAccount;
import io.eventbank.eventstore.AggregateRepository;
import io.eventbank.eventstore.AggregateRepository.PendingCommand;
import io.eventbank.eventstore.AppendOptions;
import io.eventbank.eventstore.EntityNotFoundException;
import io.eventbank.eventstore.EntityWithIdAndVersion;
import io.eventbank.eventstore.EventEnvelope;
import io.eventbank.eventstore.EventStore;
import io.eventbank.events.account.AccountEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Use cases of accounts: open, close, read (now, at a version, as of an instant), audit log, and saga steps.
 * Reads and the close answer only the account's owner (the caller's id, plain, from the web layer); for
 * anyone else the account does not exist.
 */
@Service
public class AccountService {

    private final EventStore store;
    private final AggregateRepository<Account, AccountCommand, AccountEvent> repository;

    public AccountService(EventStore store) {
        this.store = store;
        this.repository = new AggregateRepository<>(store, Account.TYPE);
    }

    public EntityWithIdAndVersion<Account> open(OpenAccount command, AppendOptions options) {
        return repository.create(command, options);
    }

    /**
     * Closes the account on behalf of {@code callerId}, who must own it; ownership is checked before
     * the command runs, so a caller who does not own it changes nothing.
     *
     * @throws EntityNotFoundException when the account does not exist or {@code callerId} does not own it
     */
    public EntityWithIdAndVersion<Account> close(UUID accountId, String callerId, CloseAccount command,
                                                 AppendOptions options) {
        ownedBy(callerId, accountId, store.findOptional(Account.TYPE, accountId));
        return repository.update(accountId, command, options);
    }

    /** Applies saga steps (debits and credits) together, in list order; nothing is applied if one fails. */
    public void handleAll(List<PendingCommand<AccountCommand>> commands) {
        repository.updateAll(commands);
    }

    /**
     * The account's current state, for its owner.
     *
     * @throws EntityNotFoundException when the account does not exist or {@code callerId} does not own it
     */
    public EntityWithIdAndVersion<Account> find(UUID accountId, String callerId) {
        return ownedBy(callerId, accountId, store.findOptional(Account.TYPE, accountId));
    }

    /**
     * The account's state at {@code version}, for its owner (the owner is set at version 1 and never changes).
     *
     * @throws EntityNotFoundException when there is no such version or {@code callerId} does not own the account
     */
    public EntityWithIdAndVersion<Account> findAtVersion(UUID accountId, String callerId, int version) {
        return ownedBy(callerId, accountId, store.findAtVersion(Account.TYPE, accountId, version));
    }

    /**
     * The account's state as of {@code instant}, for its owner.
     *
     * @throws EntityNotFoundException when it did not exist then or {@code callerId} does not own it
     */
    public EntityWithIdAndVersion<Account> findAsOf(UUID accountId, String callerId, Instant instant) {
        return ownedBy(callerId, accountId, store.findAsOf(Account.TYPE, accountId, instant));
    }

    /**
     * The account's events from {@code fromVersion}, at most {@code limit}, for its owner.
     *
     * @throws EntityNotFoundException when the account does not exist or {@code callerId} does not own it
     */
    public List<EventEnvelope<AccountEvent>> history(UUID accountId, String callerId, int fromVersion, int limit) {
        ownedBy(callerId, accountId, store.findOptional(Account.TYPE, accountId));
        return store.history(Account.TYPE, accountId, fromVersion, limit);
    }

    /**
     * The account if {@code callerId} owns it. Otherwise exactly what an unknown id gives, so that
     * nobody learns whether an account they do not own exists.
     */
    private static EntityWithIdAndVersion<Account> ownedBy(String callerId, UUID accountId,
                                                           Optional<EntityWithIdAndVersion<Account>> account) {
        return account.filter(found -> callerId != null && callerId.equals(found.aggregate().ownerId()))
                .orElseThrow(() -> new EntityNotFoundException(Account.TYPE.name(), accountId));
    }
}
