package io.eventbank.transfers.transfer.application;

import io.eventbank.eventstore.EventEnvelope;
import io.eventbank.events.account.AccountClosed;
import io.eventbank.events.account.AccountCreditFailedAccountClosed;
import io.eventbank.events.account.AccountCredited;
import io.eventbank.events.account.AccountDebitFailedAccountClosed;
import io.eventbank.events.account.AccountDebitFailedDueToInsufficientFunds;
import io.eventbank.events.account.AccountDebited;
import io.eventbank.events.account.AccountOpened;
import io.eventbank.support.messaging.Causation;
import io.eventbank.transfers.registry.application.AccountLookup;
import io.eventbank.transfers.registry.application.AccountRegistry;
import io.eventbank.transfers.transfer.domain.TransferCommand;
import io.eventbank.transfers.transfer.domain.TransferCommand.DebitFailure;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The transfers' side of the saga plus the account registry feed. Saga steps are idempotent
 * through the triggering event id; registry updates through the account version.
 */
@Component
public class AccountEventHandlers {

    private final TransferService transfers;
    private final AccountLookup registry;

    public AccountEventHandlers(TransferService transfers, AccountLookup registry) {
        this.transfers = transfers;
        this.registry = registry;
    }

    public void onAccountOpened(EventEnvelope<AccountOpened> envelope) {
        registry.record(envelope.aggregateId(), AccountRegistry.Status.OPEN, envelope.version());
    }

    public void onAccountClosed(EventEnvelope<AccountClosed> envelope) {
        registry.record(envelope.aggregateId(), AccountRegistry.Status.CLOSED, envelope.version());
    }

    public void onDebited(EventEnvelope<AccountDebited> envelope) {
        step(envelope, envelope.event().transferId(), new TransferCommand.RecordDebit());
    }

    public void onDebitFailedInsufficientFunds(EventEnvelope<AccountDebitFailedDueToInsufficientFunds> envelope) {
        step(envelope, envelope.event().transferId(), new TransferCommand.RecordDebitFailed(DebitFailure.INSUFFICIENT_FUNDS));
    }

    public void onDebitFailedAccountClosed(EventEnvelope<AccountDebitFailedAccountClosed> envelope) {
        step(envelope, envelope.event().transferId(),
                new TransferCommand.RecordDebitFailed(DebitFailure.SOURCE_ACCOUNT_CLOSED));
    }

    public void onCredited(EventEnvelope<AccountCredited> envelope) {
        AccountCredited credited = envelope.event();
        step(envelope, credited.transferId(),
                credited.refund() ? new TransferCommand.RecordRefund() : new TransferCommand.RecordCredit());
    }

    public void onCreditFailedAccountClosed(EventEnvelope<AccountCreditFailedAccountClosed> envelope) {
        step(envelope, envelope.event().transferId(), new TransferCommand.RecordCreditFailed());
    }

    private void step(EventEnvelope<?> envelope, UUID transferId, TransferCommand command) {
        if (transferId == null) {
            return;
        }
        Causation.withCorrelation(envelope, () -> transfers.handle(transferId, command, Causation.causedBy(envelope)));
    }
}
