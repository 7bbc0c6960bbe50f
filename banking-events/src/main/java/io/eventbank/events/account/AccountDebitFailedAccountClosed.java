package io.eventbank.events.account;

import io.eventbank.events.Money;
import java.util.UUID;

/** The debit was refused: the account (the transfer's source) is closed. */
public record AccountDebitFailedAccountClosed(UUID transferId, Money amount) implements AccountEvent {
}
