package io.eventbank.events.account;

/** Events of the Account aggregate. Amounts and balances are {@link io.eventbank.events.Money}. */
public sealed interface AccountEvent permits AccountOpened, AccountDebited,
        AccountDebitFailedDueToInsufficientFunds, AccountDebitFailedAccountClosed, AccountCredited,
        AccountCreditFailedAccountClosed, AccountClosed {
}
