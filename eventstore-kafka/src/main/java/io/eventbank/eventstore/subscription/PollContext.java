package io.eventbank.eventstore.subscription;

import io.eventbank.eventstore.EventEnvelope;
import io.eventbank.eventstore.EventMetadata;
import io.eventbank.eventstore.subscription.SubscriptionTracing.Carrier;
import io.micrometer.tracing.Link;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The logging and trace context of one poll's deliveries, on the consumer thread that handles it:
 * a span per delivered record (see {@link SubscriptionTracing}) and, around every handler call, the
 * correlation id in the logging context under {@link EventMetadata#CORRELATION_ID} (the one place a
 * subscription puts it there) with the matching span in scope. Not thread-safe: one per poll.
 */
final class PollContext {

    private static final Logger log = LoggerFactory.getLogger(PollContext.class);

    private final String subscriberId;
    private final SubscriptionTracing tracing;
    /** Record spans by the envelope the handlers get (identity: the envelope is the delivery's). */
    private final Map<EventEnvelope<?>, Span> spans;

    PollContext(String subscriberId, SubscriptionTracing tracing, int records) {
        this.subscriberId = subscriberId;
        this.tracing = tracing;
        this.spans = tracing.enabled() ? new IdentityHashMap<>(Math.max(4, records * 2)) : Map.of();
    }

    /**
     * Starts the span of a decoded record, parented by the trace context it was appended in, and
     * returns the envelope the handlers get: with that span's context as its traceparent.
     */
    EventEnvelope<?> delivered(ConsumerRecord<?, ?> record, EventEnvelope<?> envelope) {
        EventEnvelope<?> delivered = envelope;
        if (tracing.enabled()) {
            EventMetadata metadata = envelope.metadata() == null ? EventMetadata.EMPTY : envelope.metadata();
            Span.Builder builder = tracing.propagator().extract(new Carrier(record.headers(), metadata.extra()),
                            SubscriptionTracing.CARRIER)
                    .name("process " + record.topic())
                    .kind(Span.Kind.CONSUMER)
                    .tag("messaging.system", "kafka")
                    .tag("messaging.destination.name", record.topic())
                    .tag("messaging.consumer.group.name", subscriberId)
                    .tag("messaging.destination.partition.id", Integer.toString(record.partition()))
                    .tag("messaging.kafka.offset", record.offset())
                    .tag("eventbank.event.type", envelope.eventType())
                    .tag("eventbank.event.id", envelope.eventId().toString());
            if (metadata.correlationId() != null) {
                builder.tag(EventMetadata.CORRELATION_ID, metadata.correlationId());
            }
            Span span = builder.start();
            String traceparent = traceparent(span);
            if (traceparent != null) {
                delivered = new EventEnvelope<>(envelope.eventId(), envelope.aggregateType(), envelope.aggregateId(),
                        envelope.version(), envelope.eventType(), envelope.occurredAt(), envelope.position(),
                        metadata.withTraceparent(traceparent), envelope.event());
            }
            spans.put(delivered, span);
        }
        if (log.isDebugEnabled()) {
            try (Scope ignored = open(List.of(delivered))) {
                log.debug("{} delivers {} {} of {} {} v{} from {}-{}@{}", subscriberId, delivered.eventType(),
                        delivered.eventId(), delivered.aggregateType(), delivered.aggregateId(), delivered.version(),
                        record.topic(), record.partition(), record.offset());
            }
        }
        return delivered;
    }

    /** Records on the span of the record whose envelope this is that its handling failed. */
    void failed(EventEnvelope<?> envelope, Throwable failure) {
        Span span = envelope == null ? null : spans.get(envelope);
        if (span != null) {
            span.error(failure);
        }
    }

    /** Ends the record spans: the poll was handled (or failed and is redelivered from the failing record). */
    void end() {
        if (tracing.enabled()) {
            spans.values().forEach(Span::end);
            spans.clear();
        }
    }

    /**
     * The context of one handler call on {@code run} (envelopes of one poll, in order): the
     * correlation id in the logging context when they share one, and the record's span (one
     * envelope) or a batch span (several) in scope.
     */
    Scope open(List<? extends EventEnvelope<?>> run) {
        String correlationId = sharedCorrelationId(run);
        String previous = MDC.get(EventMetadata.CORRELATION_ID);
        if (correlationId != null) {
            MDC.put(EventMetadata.CORRELATION_ID, correlationId);
        }
        Span span = null;
        boolean ownSpan = false;
        Tracer.SpanInScope inScope = null;
        if (tracing.enabled() && !run.isEmpty()) {
            if (run.size() == 1) {
                span = spans.get(run.getFirst());
            } else {
                span = batchSpan(run, correlationId);
                ownSpan = true;
            }
            if (span != null) {
                inScope = tracing.tracer().withSpan(span);
            }
        }
        return new Scope(correlationId != null, previous, span, ownSpan, inScope);
    }

    private Span batchSpan(List<? extends EventEnvelope<?>> run, String correlationId) {
        Span first = spans.get(run.getFirst());
        String traceId = first == null ? null : first.context().traceId();
        Span.Builder builder = tracing.tracer().spanBuilder()
                .name("process " + run.getFirst().aggregateType() + " batch")
                .kind(Span.Kind.CONSUMER)
                .tag("messaging.system", "kafka")
                .tag("messaging.consumer.group.name", subscriberId)
                .tag("messaging.batch.message_count", run.size());
        if (correlationId != null) {
            builder.tag(EventMetadata.CORRELATION_ID, correlationId);
        }
        for (EventEnvelope<?> envelope : run) {
            Span span = spans.get(envelope);
            if (span != null) {
                builder.addLink(new Link(span));
                if (traceId != null && !traceId.equals(span.context().traceId())) {
                    traceId = null;
                }
            }
        }
        if (traceId != null) {
            builder.setParent(first.context());
        } else {
            builder.setNoParent();
        }
        return builder.start();
    }

    private static String sharedCorrelationId(List<? extends EventEnvelope<?>> run) {
        String shared = null;
        for (EventEnvelope<?> envelope : run) {
            String id = envelope.metadata() == null ? null : envelope.metadata().correlationId();
            if (id == null || (shared != null && !shared.equals(id))) {
                return null;
            }
            shared = id;
        }
        return shared;
    }

    /** The span's W3C context, as the propagator writes it (null under another propagation format). */
    private String traceparent(Span span) {
        String[] traceparent = new String[1];
        tracing.propagator().inject(span.context(), traceparent, (carrier, key, value) -> {
            if (EventMetadata.TRACEPARENT.equals(key)) {
                carrier[0] = value;
            }
        });
        return traceparent[0];
    }

    /** One handler call's context; closing restores the logging context and ends a batch span. */
    static final class Scope implements AutoCloseable {

        private final boolean correlationSet;
        private final String previousCorrelationId;
        private final Span span;
        private final boolean ownSpan;
        private final Tracer.SpanInScope inScope;

        private Scope(boolean correlationSet, String previousCorrelationId, Span span, boolean ownSpan,
                      Tracer.SpanInScope inScope) {
            this.correlationSet = correlationSet;
            this.previousCorrelationId = previousCorrelationId;
            this.span = span;
            this.ownSpan = ownSpan;
            this.inScope = inScope;
        }

        /** The handler call failed: recorded on the batch span (a record's span learns it from {@link #failed}). */
        void error(Throwable failure) {
            if (ownSpan) {
                span.error(failure);
            }
        }

        @Override
        public void close() {
            if (inScope != null) {
                inScope.close();
            }
            if (ownSpan) {
                span.end();
            }
            if (correlationSet) {
                if (previousCorrelationId == null) {
                    MDC.remove(EventMetadata.CORRELATION_ID);
                } else {
                    MDC.put(EventMetadata.CORRELATION_ID, previousCorrelationId);
                }
            }
        }
    }
}
