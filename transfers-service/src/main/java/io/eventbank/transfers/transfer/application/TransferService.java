package io.eventbank.transfers.transfer.application;

import io.eventbank.eventstore.AggregateRepository;
import io.eventbank.eventstore.AggregateRepository.PendingCommand;
import io.eventbank.eventstore.AppendOptions;
import io.eventbank.eventstore.EntityNotFoundException;
import io.eventbank.eventstore.EntityWithIdAndVersion;
import io.eventbank.eventstore.EventEnvelope;
import io.eventbank.eventstore.EventStore;
import io.eventbank.eventstore.OptimisticLockingException;
import io.eventbank.events.transfer.MoneyTransferEvent;
import io.eventbank.transfers.registry.application.AccountLookup;
import io.eventbank.transfers.transfer.domain.MoneyTransfer;
import io.eventbank.transfers.transfer.domain.TransferCommand;
import io.eventbank.transfers.transfer.domain.TransferCommand.CreateTransfer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** Use cases of transfers: create (idempotent by key), read, audit log, saga steps. */
@Service
public class TransferService {

    /** Result of a create: the transfer's id and the version its creation produced. */
    public record Created(UUID transferId, int version, boolean replay) {
    }

    /** A request field that names an account this service does not know. */
    public static final class UnknownAccountException extends RuntimeException {
        private final List<String> fields;

        public UnknownAccountException(List<String> fields) {
            super("Unknown account: " + String.join(", ", fields));
            this.fields = List.copyOf(fields);
        }

        public List<String> fields() {
            return fields;
        }
    }

    /** The idempotency key was used before for a different request. */
    public static final class IdempotencyKeyReusedException extends RuntimeException {
        public IdempotencyKeyReusedException() {
            super("This Idempotency-Key was already used for a different transfer request");
        }
    }

    private final EventStore store;
    private final AggregateRepository<MoneyTransfer, TransferCommand, MoneyTransferEvent> repository;
    private final AccountLookup accounts;

    public TransferService(EventStore store, AccountLookup accounts) {
        this.store = store;
        this.accounts = accounts;
        this.repository = new AggregateRepository<>(store, MoneyTransfer.TYPE);
    }

    /**
     * Creates a transfer between two accounts known to the registry. With an idempotency key the
     * transfer id derives from the key: a retry with the same request returns the first answer and
     * appends nothing; the same key with another request is refused.
     */
    public Created create(CreateTransfer command, String idempotencyKey, AppendOptions options)
            throws InterruptedException {
        List<UUID> ids = new ArrayList<>();
        if (command.fromAccountId() != null) {
            ids.add(command.fromAccountId());
        }
        if (command.toAccountId() != null) {
            ids.add(command.toAccountId());
        }
        Set<UUID> missing = accounts.awaitKnown(ids);
        List<String> unknown = new ArrayList<>();
        if (missing.contains(command.fromAccountId())) {
            unknown.add("fromAccountId");
        }
        if (missing.contains(command.toAccountId())) {
            unknown.add("toAccountId");
        }
        // same-account and amount rules are the aggregate's: check them before reporting unknown accounts
        MoneyTransfer.EMPTY.process(command);
        if (!unknown.isEmpty()) {
            throw new UnknownAccountException(unknown);
        }
        if (idempotencyKey == null) {
            EntityWithIdAndVersion<MoneyTransfer> created = repository.create(command, options);
            return new Created(created.id(), created.version(), false);
        }
        UUID transferId = idFor(idempotencyKey);
        try {
            EntityWithIdAndVersion<MoneyTransfer> created = repository.create(command, options.withAssignedId(transferId));
            return new Created(created.id(), created.version(), false);
        } catch (OptimisticLockingException alreadyCreated) {
            MoneyTransfer first = store.findAtVersion(MoneyTransfer.TYPE, transferId, 1)
                    .orElseThrow(() -> alreadyCreated)
                    .aggregate();
            MoneyTransfer requested = MoneyTransfer.EMPTY.apply(MoneyTransfer.EMPTY.process(command).getFirst());
            if (!sameRequest(first, requested)) {
                throw new IdempotencyKeyReusedException();
            }
            return new Created(transferId, 1, true);
        }
    }

    static UUID idFor(String idempotencyKey) {
        return UUID.nameUUIDFromBytes(("eventbank-transfer:" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
    }

    private static boolean sameRequest(MoneyTransfer a, MoneyTransfer b) {
        return Objects.equals(a.fromAccountId(), b.fromAccountId())
                && Objects.equals(a.toAccountId(), b.toAccountId())
                && Objects.equals(a.amount(), b.amount())
                && Objects.equals(a.description(), b.description());
    }

    /** Applies saga replies together, in list order; nothing is applied if one fails. */
    public void handleAll(List<PendingCommand<TransferCommand>> commands) {
        repository.updateAll(commands);
    }

    public EntityWithIdAndVersion<MoneyTransfer> find(UUID transferId) {
        return store.find(MoneyTransfer.TYPE, transferId);
    }

    public List<EventEnvelope<MoneyTransferEvent>> history(UUID transferId, int fromVersion, int limit) {
        List<EventEnvelope<MoneyTransferEvent>> events = store.history(MoneyTransfer.TYPE, transferId, fromVersion, limit);
        if (events.isEmpty() && store.findOptional(MoneyTransfer.TYPE, transferId).isEmpty()) {
            throw new EntityNotFoundException(MoneyTransfer.TYPE.name(), transferId);
        }
        return events;
    }
}
