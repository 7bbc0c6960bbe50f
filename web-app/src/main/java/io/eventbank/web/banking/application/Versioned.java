package io.eventbank.web.banking.application;

/** The id a command created or changed and the version it produced: what a read waits for. */
public record Versioned(String id, int version) {
}
