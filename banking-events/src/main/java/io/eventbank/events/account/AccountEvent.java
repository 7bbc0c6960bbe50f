package io.eventbank.events.account;

/** Events of the Account aggregate. Amounts and balances are scale-2 decimals. */
public sealed interface AccountEvent permits AccountOpened, AccountDebited,
        AccountDebitFailedDueToInsufficientFunds, AccountDebitFailedAccountClosed, AccountCredited,
        AccountCreditFailedAccountClosed, AccountClosed {
}
