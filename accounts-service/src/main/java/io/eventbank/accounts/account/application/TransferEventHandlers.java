package io.eventbank.accounts.account.application;

import io.eventbank.accounts.account.domain.AccountCommand;
import io.eventbank.accounts.account.domain.AccountCommand.CreditAccount;
import io.eventbank.accounts.account.domain.AccountCommand.DebitAccount;
import io.eventbank.eventstore.AggregateRepository.PendingCommand;
import io.eventbank.eventstore.AppendOptions;
import io.eventbank.eventstore.EventEnvelope;
import io.eventbank.events.transfer.CreditRecorded;
import io.eventbank.events.transfer.DebitRecorded;
import io.eventbank.events.transfer.MoneyTransferCreated;
import io.eventbank.events.transfer.MoneyTransferEvent;
import io.eventbank.events.transfer.RefundRequested;
import io.eventbank.events.transfer.TransferFailedDueToInsufficientFunds;
import io.eventbank.events.transfer.TransferFailedSourceAccountClosed;
import io.eventbank.events.transfer.TransferRefunded;
import io.eventbank.support.messaging.Causation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The accounts' side of the transfer saga, a poll at a time: each transfer event that asks for a
 * step becomes an account command, and the commands of a poll are applied together in record
 * order. The subscription drops re-delivered events (by their transfer's version) in the same
 * transaction, so a step is applied once.
 */
@Component
public class TransferEventHandlers {

    private final AccountService accounts;

    public TransferEventHandlers(AccountService accounts) {
        this.accounts = accounts;
    }

    public void onTransferEvents(List<EventEnvelope<MoneyTransferEvent>> events) {
        List<PendingCommand<AccountCommand>> commands = new ArrayList<>(events.size());
        for (EventEnvelope<MoneyTransferEvent> envelope : events) {
            step(envelope).ifPresent(commands::add);
        }
        accounts.handleAll(commands);
    }

    /**
     * MoneyTransferCreated debits the source, DebitRecorded credits the destination, RefundRequested
     * gives the money back to the source (accepted even when it is closed).
     */
    private static Optional<PendingCommand<AccountCommand>> step(EventEnvelope<MoneyTransferEvent> envelope) {
        AppendOptions options = Causation.causedBy(envelope);
        return switch (envelope.event()) {
            case MoneyTransferCreated created -> Optional.of(new PendingCommand<>(created.fromAccountId(),
                    new DebitAccount(created.amount(), envelope.aggregateId()), options));
            case DebitRecorded debit -> Optional.of(new PendingCommand<>(debit.toAccountId(),
                    new CreditAccount(debit.amount(), envelope.aggregateId(), false), options));
            case RefundRequested refund -> Optional.of(new PendingCommand<>(refund.fromAccountId(),
                    new CreditAccount(refund.amount(), envelope.aggregateId(), true), options));
            case CreditRecorded ignored -> Optional.empty();
            case TransferFailedDueToInsufficientFunds ignored -> Optional.empty();
            case TransferFailedSourceAccountClosed ignored -> Optional.empty();
            case TransferRefunded ignored -> Optional.empty();
        };
    }
}
