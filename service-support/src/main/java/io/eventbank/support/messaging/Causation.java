package io.eventbank.support.messaging;

import io.eventbank.eventstore.AppendOptions;
import io.eventbank.eventstore.EventEnvelope;
import io.eventbank.support.CorrelationIds;
import java.util.function.Supplier;
import org.slf4j.MDC;

/** Helpers for command-side event handlers: correlation and causation from the triggering event. */
public final class Causation {

    private Causation() {
    }

    /**
     * Options for an update caused by {@code envelope}: the same correlation id, and the event id as
     * causation id. Redeliveries are dropped by the subscription (by source version), so no
     * triggering message id is recorded.
     */
    public static AppendOptions causedBy(EventEnvelope<?> envelope) {
        String eventId = envelope.eventId().toString();
        String correlationId = envelope.metadata() != null && envelope.metadata().correlationId() != null
                ? envelope.metadata().correlationId()
                : eventId;
        return AppendOptions.none()
                .withCorrelationId(correlationId)
                .withCausationId(eventId);
    }

    /** Runs {@code work} with the envelope's correlation id in the MDC. */
    public static <T> T withCorrelation(EventEnvelope<?> envelope, Supplier<T> work) {
        String previous = MDC.get(CorrelationIds.MDC_KEY);
        String correlationId = envelope.metadata() == null ? null : envelope.metadata().correlationId();
        if (correlationId != null) {
            MDC.put(CorrelationIds.MDC_KEY, correlationId);
        }
        try {
            return work.get();
        } finally {
            if (previous == null) {
                MDC.remove(CorrelationIds.MDC_KEY);
            } else {
                MDC.put(CorrelationIds.MDC_KEY, previous);
            }
        }
    }
}
