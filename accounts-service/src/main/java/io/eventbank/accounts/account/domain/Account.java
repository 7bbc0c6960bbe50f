package io.eventbank.accounts.account.domain;

import io.eventbank.accounts.account.domain.AccountCommand.CloseAccount;
import io.eventbank.accounts.account.domain.AccountCommand.CreditAccount;
import io.eventbank.accounts.account.domain.AccountCommand.DebitAccount;
import io.eventbank.accounts.account.domain.AccountCommand.OpenAccount;
import io.eventbank.eventstore.AggregateType;
import io.eventbank.eventstore.CommandProcessingAggregate;
import io.eventbank.eventstore.DomainException;
import io.eventbank.events.BankingEvents;
import io.eventbank.events.Money;
import io.eventbank.events.account.AccountClosed;
import io.eventbank.events.account.AccountCreditFailedAccountClosed;
import io.eventbank.events.account.AccountCredited;
import io.eventbank.events.account.AccountDebitFailedAccountClosed;
import io.eventbank.events.account.AccountDebitFailedDueToInsufficientFunds;
import io.eventbank.events.account.AccountDebited;
import io.eventbank.events.account.AccountEvent;
import io.eventbank.events.account.AccountOpened;
import java.util.List;

/**
 * A bank account. Never overdrawn; closes only at a zero balance; once closed it refuses debits
 * and ordinary credits (as failure events, so the transfer saga can react) but accepts refunds,
 * so money is never lost. Amounts follow {@link Money}'s rules: a debit or credit is a
 * {@link Money#amount}, the opening balance a {@link Money#opening}; the balance may outgrow
 * {@link Money#MAX_AMOUNT}.
 */
public record Account(String ownerId, String title, Money balance, AccountStatus status)
        implements CommandProcessingAggregate<Account, AccountCommand, AccountEvent> {

    public static final Account EMPTY = new Account(null, null, Money.ZERO, AccountStatus.NOT_OPENED);

    public static final AggregateType<Account, AccountEvent> TYPE =
            AggregateType.of(BankingEvents.ACCOUNT, Account.class, EMPTY);

    @Override
    public List<AccountEvent> process(AccountCommand command) {
        if (status == AccountStatus.NOT_OPENED && !(command instanceof OpenAccount)) {
            throw new DomainException("account-not-open", "The account has not been opened");
        }
        return switch (command) {
            case OpenAccount open -> open(open);
            case DebitAccount debit -> debit(debit);
            case CreditAccount credit -> credit(credit);
            case CloseAccount close -> close(close);
        };
    }

    private List<AccountEvent> open(OpenAccount open) {
        if (status != AccountStatus.NOT_OPENED) {
            throw new DomainException("account-already-open", "The account is already open");
        }
        if (open.ownerId() == null || open.ownerId().isBlank()) {
            throw new DomainException("owner-required", "An account needs an owner");
        }
        Money initial = Money.opening(open.initialBalance());
        return List.of(new AccountOpened(open.ownerId(), open.title(), initial));
    }

    private List<AccountEvent> debit(DebitAccount debit) {
        Money amount = Money.amount(debit.amount());
        if (status == AccountStatus.CLOSED) {
            return List.of(new AccountDebitFailedAccountClosed(debit.transferId(), amount));
        }
        if (balance.isLessThan(amount)) {
            return List.of(new AccountDebitFailedDueToInsufficientFunds(debit.transferId(), amount, balance));
        }
        return List.of(new AccountDebited(debit.transferId(), amount, balance.minus(amount)));
    }

    private List<AccountEvent> credit(CreditAccount credit) {
        Money amount = Money.amount(credit.amount());
        if (status == AccountStatus.CLOSED && !credit.refund()) {
            return List.of(new AccountCreditFailedAccountClosed(credit.transferId(), amount));
        }
        return List.of(new AccountCredited(credit.transferId(), amount, credit.refund(), balance.plus(amount)));
    }

    private List<AccountEvent> close(CloseAccount close) {
        if (status == AccountStatus.CLOSED) {
            return List.of();
        }
        if (!balance.isZero()) {
            throw new DomainException("account-not-empty",
                    "An account closes only at a zero balance; the balance is " + balance);
        }
        return List.of(new AccountClosed(close.reason()));
    }

    @Override
    public Account apply(AccountEvent event) {
        return switch (event) {
            case AccountOpened opened -> new Account(opened.ownerId(), opened.title(), opened.initialBalance(),
                    AccountStatus.OPEN);
            case AccountDebited debited -> withBalance(debited.newBalance());
            case AccountCredited credited -> withBalance(credited.newBalance());
            case AccountDebitFailedDueToInsufficientFunds failed -> this;
            case AccountDebitFailedAccountClosed failed -> this;
            case AccountCreditFailedAccountClosed failed -> this;
            case AccountClosed closed -> new Account(ownerId, title, balance, AccountStatus.CLOSED);
        };
    }

    private Account withBalance(Money newBalance) {
        return new Account(ownerId, title, newBalance, status);
    }
}
