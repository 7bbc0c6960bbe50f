package io.eventbank.eventstore.subscription;

import io.eventbank.eventstore.EventEnvelope;

/**
 * A handler threw; the record is retried with back-off and finally dead-lettered. When it names
 * the envelope that failed, the runtime isolates that record without handling the others again.
 */
public class EventHandlingException extends RuntimeException {

    private final transient EventEnvelope<?> envelope;

    public EventHandlingException(String message, Throwable cause) {
        this(message, cause, null);
    }

    public EventHandlingException(String message, Throwable cause, EventEnvelope<?> envelope) {
        super(message, cause);
        this.envelope = envelope;
    }

    /** The envelope whose handling failed, when known. */
    public EventEnvelope<?> envelope() {
        return envelope;
    }
}
