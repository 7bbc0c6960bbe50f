package io.eventbank.events.account;

import io.eventbank.events.Money;
import java.util.UUID;

/** Money left the account for a transfer; {@code newBalance} is the balance after it. */
public record AccountDebited(UUID transferId, Money amount, Money newBalance) implements AccountEvent {
}
