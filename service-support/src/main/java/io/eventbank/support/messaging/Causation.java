package io.eventbank.support.messaging;

import io.eventbank.eventstore.AppendOptions;
import io.eventbank.eventstore.EventEnvelope;
import io.eventbank.eventstore.EventMetadata;

/**
 * Helpers for command-side event handlers: correlation, causation and trace from the triggering
 * event. The subscription runtime already runs handlers with the events' correlation id in the
 * logging context and in their trace.
 */
public final class Causation {

    private Causation() {
    }

    /**
     * Options for an update caused by {@code envelope}: the same correlation id, the event id as
     * causation id, and the envelope's trace context (on a delivered envelope, the span handling
     * it), so the update's events continue the trace. Redeliveries are dropped by the subscription
     * (by source version), so no triggering message id is recorded.
     */
    public static AppendOptions causedBy(EventEnvelope<?> envelope) {
        String eventId = envelope.eventId().toString();
        EventMetadata metadata = envelope.metadata();
        String correlationId = metadata != null && metadata.correlationId() != null
                ? metadata.correlationId()
                : eventId;
        AppendOptions options = AppendOptions.none()
                .withCorrelationId(correlationId)
                .withCausationId(eventId);
        String traceparent = metadata == null ? null : metadata.traceparent();
        return traceparent == null ? options : options.withMetadata(options.metadata().withTraceparent(traceparent));
    }
}
