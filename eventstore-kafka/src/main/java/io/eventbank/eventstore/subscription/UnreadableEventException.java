package io.eventbank.eventstore.subscription;

/** A record that is not a readable event envelope or payload; it is dead-lettered without retries. */
public class UnreadableEventException extends RuntimeException {

    public UnreadableEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
