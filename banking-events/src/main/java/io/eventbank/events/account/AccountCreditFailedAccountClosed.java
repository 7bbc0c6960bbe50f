package io.eventbank.events.account;

import io.eventbank.events.Money;
import java.util.UUID;

/** The credit was refused: the account (the transfer's destination) is closed. */
public record AccountCreditFailedAccountClosed(UUID transferId, Money amount) implements AccountEvent {
}
