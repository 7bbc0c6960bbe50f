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
import java.util.UUID;
import org.springframework.stereotype.Service;

/** Use cases of accounts: open, close, read (now, at a version, as of an instant), audit log, and saga steps. */
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

    public EntityWithIdAndVersion<Account> close(UUID accountId, CloseAccount command, AppendOptions options) {
        return repository.update(accountId, command, options);
    }

    /** Applies saga steps (debits and credits) together, in list order; nothing is applied if one fails. */
    public void handleAll(List<PendingCommand<AccountCommand>> commands) {
        repository.updateAll(commands);
    }

    public EntityWithIdAndVersion<Account> find(UUID accountId) {
        return store.find(Account.TYPE, accountId);
    }

    public EntityWithIdAndVersion<Account> findAtVersion(UUID accountId, int version) {
        return store.findAtVersion(Account.TYPE, accountId, version)
                .orElseThrow(() -> new EntityNotFoundException(Account.TYPE.name(), accountId));
    }

    public EntityWithIdAndVersion<Account> findAsOf(UUID accountId, Instant instant) {
        return store.findAsOf(Account.TYPE, accountId, instant)
                .orElseThrow(() -> new EntityNotFoundException(Account.TYPE.name(), accountId));
    }

    public List<EventEnvelope<AccountEvent>> history(UUID accountId, int fromVersion, int limit) {
        List<EventEnvelope<AccountEvent>> events = store.history(Account.TYPE, accountId, fromVersion, limit);
        if (events.isEmpty() && store.findOptional(Account.TYPE, accountId).isEmpty()) {
            throw new EntityNotFoundException(Account.TYPE.name(), accountId);
        }
        return events;
    }
}
