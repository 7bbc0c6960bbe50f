package io.eventbank.transfers.transfer.application;

import io.eventbank.eventstore.AggregateRepository.PendingCommand;
import io.eventbank.eventstore.EventEnvelope;
import io.eventbank.events.account.AccountClosed;
import io.eventbank.events.account.AccountCreditFailedAccountClosed;
import io.eventbank.events.account.AccountCredited;
import io.eventbank.events.account.AccountDebitFailedAccountClosed;
import io.eventbank.events.account.AccountDebitFailedDueToInsufficientFunds;
import io.eventbank.events.account.AccountDebited;
import io.eventbank.events.account.AccountEvent;
import io.eventbank.events.account.AccountOpened;
import io.eventbank.support.messaging.Causation;
import io.eventbank.transfers.registry.application.AccountLookup;
import io.eventbank.transfers.registry.application.AccountRegistry;
import io.eventbank.transfers.transfer.domain.TransferCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The transfers' side of the saga plus the account registry feed, a poll at a time: account
 * events that answer a saga step become transfer commands, applied together in record order;
 * openings (with the account's owner) and closings update the registry (idempotent by account
 * version). The subscription drops re-delivered events in the same transaction.
 */
@Component
public class AccountEventHandlers {

    private final TransferService transfers;
    private final AccountLookup registry;

    public AccountEventHandlers(TransferService transfers, AccountLookup registry) {
        this.transfers = transfers;
        this.registry = registry;
    }

    public void onAccountEvents(List<EventEnvelope<AccountEvent>> events) {
        List<PendingCommand<TransferCommand>> commands = new ArrayList<>(events.size());
        for (EventEnvelope<AccountEvent> envelope : events) {
            switch (envelope.event()) {
                case AccountOpened opened ->
                        registry.record(envelope.aggregateId(), AccountRegistry.Status.OPEN, opened.ownerId(),
                                envelope.version());
                case AccountClosed closed ->
                        registry.record(envelope.aggregateId(), AccountRegistry.Status.CLOSED, null,
                                envelope.version());
                case AccountDebited debited ->
                        step(commands, envelope, debited.transferId(), new TransferCommand.RecordDebit());
                case AccountDebitFailedDueToInsufficientFunds failed -> step(commands, envelope, failed.transferId(),
                        new TransferCommand.RecordDebitFailed(failed.reason()));
                case AccountDebitFailedAccountClosed failed -> step(commands, envelope, failed.transferId(),
                        new TransferCommand.RecordDebitFailed(failed.reason()));
                case AccountCredited credited -> step(commands, envelope, credited.transferId(),
                        credited.refund() ? new TransferCommand.RecordRefund() : new TransferCommand.RecordCredit());
                case AccountCreditFailedAccountClosed failed -> step(commands, envelope, failed.transferId(),
                        new TransferCommand.RecordCreditFailed(failed.reason()));
            }
        }
        transfers.handleAll(commands);
    }

    private static void step(List<PendingCommand<TransferCommand>> commands, EventEnvelope<?> envelope,
                             UUID transferId, TransferCommand command) {
        if (transferId != null) {
            commands.add(new PendingCommand<>(transferId, command, Causation.causedBy(envelope)));
        }
    }
}
