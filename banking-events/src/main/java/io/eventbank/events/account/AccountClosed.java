package io.eventbank.events.account;

/** The account was closed at a zero balance; from now on only refunds are credited. */
public record AccountClosed(String reason) implements AccountEvent {

    public AccountClosed {
        reason = reason == null ? "" : reason;
    }
}
