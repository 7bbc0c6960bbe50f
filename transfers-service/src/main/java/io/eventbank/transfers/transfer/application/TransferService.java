package io.eventbank.transfers.transfer.application;

import io.eventbank.eventstore.AggregateRepository;
import io.eventbank.eventstore.AggregateRepository.PendingCommand;
import io.eventbank.eventstore.AppendOptions;
import io.eventbank.eventstore.DomainException;
import io.eventbank.eventstore.EntityNotFoundException;
import io.eventbank.eventstore.EntityWithIdAndVersion;
import io.eventbank.eventstore.EventEnvelope;
import io.eventbank.eventstore.EventStore;
import io.eventbank.eventstore.OptimisticLockingException;
import io.eventbank.events.transfer.MoneyTransferEvent;
import io.eventbank.transfers.registry.application.AccountLookup;
import io.eventbank.transfers.registry.application.AccountRegistry.RegisteredAccount;
import io.eventbank.transfers.transfer.domain.MoneyTransfer;
import io.eventbank.transfers.transfer.domain.TransferCommand;
import io.eventbank.transfers.transfer.domain.TransferCommand.CreateTransfer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
     * Creates a transfer from an account of the command's initiator to any account known to the
     * registry. A source account that is not the initiator's (or whose owner is unknown) is refused
     * exactly as an unknown one, so that nobody learns about accounts of others from it; the wait for
     * an account not replicated yet comes first. With an idempotency key the transfer id derives from
     * the initiator and the key (two customers' equal keys are different keys): a retry with the same
     * request returns the first answer and appends nothing; the same key with another request is
     * refused. The aggregate's rules (e.g. {@link MoneyTransfer#SAME_ACCOUNT}) run once, in the
     * repository's create, after the registry look-up.
     *
     * @throws UnknownAccountException       when an account is not known (after waiting for it), or the
     *                                       source is not the initiator's
     * @throws DomainException               when the aggregate refuses the command
     * @throws IdempotencyKeyReusedException when the key was used for another request
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
        Map<UUID, RegisteredAccount> known = accounts.awaitKnown(ids);
        List<String> unknown = new ArrayList<>();
        RegisteredAccount source = known.get(command.fromAccountId());
        if (source == null || !source.ownedBy(command.initiatedBy())) {
            unknown.add("fromAccountId");
        }
        if (!known.containsKey(command.toAccountId())) {
            unknown.add("toAccountId");
        }
        if (!unknown.isEmpty()) {
            throw new UnknownAccountException(unknown);
        }
        if (idempotencyKey == null) {
            EntityWithIdAndVersion<MoneyTransfer> created = repository.create(command, options);
            return new Created(created.id(), created.version(), false);
        }
        UUID transferId = idFor(command.initiatedBy(), idempotencyKey);
        try {
            EntityWithIdAndVersion<MoneyTransfer> created = repository.create(command, options.withAssignedId(transferId));
            return new Created(created.id(), created.version(), false);
        } catch (OptimisticLockingException alreadyCreated) {
            MoneyTransfer first = store.findAtVersion(MoneyTransfer.TYPE, transferId, 1)
                    .orElseThrow(() -> alreadyCreated)
                    .aggregate();
            if (!first.isCreatedBy(command)) {
                throw new IdempotencyKeyReusedException();
            }
            return new Created(transferId, 1, true);
        }
    }

    /**
     * The id of the transfer that {@code idempotencyKey} of {@code initiatedBy} creates. Length-prefixed
     * so that no other (initiator, key) pair spells the same name. Ids of keys sent before keys were
     * scoped to the caller were derived from the key alone: no caller's key reaches them any more.
     */
    static UUID idFor(String initiatedBy, String idempotencyKey) {
        String name = "eventbank-transfer:by:" + initiatedBy.length() + ":" + initiatedBy + ":" + idempotencyKey;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    /** Applies saga replies together, in list order; nothing is applied if one fails. */
    public void handleAll(List<PendingCommand<TransferCommand>> commands) {
        repository.updateAll(commands);
    }

    /**
     * The transfer, for the customer who initiated it; for anyone else it does not exist.
     *
     * @throws EntityNotFoundException when there is no such transfer or {@code customerId} did not initiate it
     */
    public EntityWithIdAndVersion<MoneyTransfer> find(UUID transferId, String customerId) {
        return store.findOptional(MoneyTransfer.TYPE, transferId)
                .filter(transfer -> transfer.aggregate().isInitiatedBy(customerId))
                .orElseThrow(() -> new EntityNotFoundException(MoneyTransfer.TYPE.name(), transferId));
    }

    /**
     * The transfer's events from {@code fromVersion}, for the customer who initiated it.
     *
     * @throws EntityNotFoundException when there is no such transfer or {@code customerId} did not initiate it
     */
    public List<EventEnvelope<MoneyTransferEvent>> history(UUID transferId, String customerId, int fromVersion,
                                                           int limit) {
        find(transferId, customerId);
        return store.history(MoneyTransfer.TYPE, transferId, fromVersion, limit);
    }
}
