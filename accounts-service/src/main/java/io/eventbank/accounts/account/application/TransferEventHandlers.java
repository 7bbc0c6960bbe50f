package io.eventbank.accounts.account.application;

import io.eventbank.accounts.account.domain.AccountCommand.CreditAccount;
import io.eventbank.accounts.account.domain.AccountCommand.DebitAccount;
import io.eventbank.eventstore.EventEnvelope;
import io.eventbank.events.transfer.DebitRecorded;
import io.eventbank.events.transfer.MoneyTransferCreated;
import io.eventbank.events.transfer.RefundRequested;
import io.eventbank.support.messaging.Causation;
import org.springframework.stereotype.Component;

/**
 * The accounts' side of the transfer saga. Each handler is idempotent: the triggering event id is
 * recorded with the account's events, so a redelivered event appends nothing.
 */
@Component
public class TransferEventHandlers {

    private final AccountService accounts;

    public TransferEventHandlers(AccountService accounts) {
        this.accounts = accounts;
    }

    /** MoneyTransferCreated → debit the source account. */
    public void onTransferCreated(EventEnvelope<MoneyTransferCreated> envelope) {
        MoneyTransferCreated created = envelope.event();
        Causation.withCorrelation(envelope, () -> accounts.handle(created.fromAccountId(),
                new DebitAccount(created.amount(), envelope.aggregateId()), Causation.causedBy(envelope)));
    }

    /** DebitRecorded → credit the destination account. */
    public void onDebitRecorded(EventEnvelope<DebitRecorded> envelope) {
        DebitRecorded debit = envelope.event();
        Causation.withCorrelation(envelope, () -> accounts.handle(debit.toAccountId(),
                new CreditAccount(debit.amount(), envelope.aggregateId(), false), Causation.causedBy(envelope)));
    }

    /** RefundRequested → give the money back to the source account (accepted even when it is closed). */
    public void onRefundRequested(EventEnvelope<RefundRequested> envelope) {
        RefundRequested refund = envelope.event();
        Causation.withCorrelation(envelope, () -> accounts.handle(refund.fromAccountId(),
                new CreditAccount(refund.amount(), envelope.aggregateId(), true), Causation.causedBy(envelope)));
    }
}
