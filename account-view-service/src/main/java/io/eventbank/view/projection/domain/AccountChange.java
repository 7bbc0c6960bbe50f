package io.eventbank.view.projection.domain;

import io.eventbank.events.Money;
import java.time.Instant;

/** One debit or credit of an account, at the Account version that made it. */
public record AccountChange(String accountId, int version, String transferId, ChangeKind kind, Money amount,
                            Money balanceAfter, Instant occurredAt) {
}
