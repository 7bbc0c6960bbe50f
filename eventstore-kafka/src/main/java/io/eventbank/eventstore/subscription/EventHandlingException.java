package io.eventbank.eventstore.subscription;

/** A handler threw; the record is retried with back-off and finally dead-lettered. */
public class EventHandlingException extends RuntimeException {

    public EventHandlingException(String message, Throwable cause) {
        super(message, cause);
    }
}
