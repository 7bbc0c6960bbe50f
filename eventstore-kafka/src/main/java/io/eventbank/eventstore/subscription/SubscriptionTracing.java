package io.eventbank.eventstore.subscription;

import io.eventbank.eventstore.EventMetadata;
import io.eventbank.eventstore.envelope.EventRecordFormat;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * How the subscriptions trace (Micrometer Tracing): every delivered record gets a span of its own
 * ({@code process <topic>}, kind consumer) whose parent is the trace context the event was appended
 * in, read by the {@link Propagator} from the record's headers ({@value EventRecordFormat#TRACEPARENT},
 * written by the publisher) or, when the record has none, from the envelope's metadata. The envelope
 * the handler receives carries that span's context as its {@link EventMetadata#traceparent()}, so
 * an update caused by it continues the trace as the span's child.
 *
 * <p>Handlers run in the record's span when they get one record (a per-record {@link EventHandler},
 * or a batch of one). A batch of several runs in a span of its own ({@code process <topic> batch})
 * linked to every record's span; its parent is the first record's span when all records belong to
 * one trace (a saga's burst stays one trace), otherwise it starts a trace. Record spans end when
 * the poll's handling ended; the failing record's span records the error.
 *
 * <p>{@link #none()} traces nothing; the correlation id is put into the logging context either way.
 */
public final class SubscriptionTracing {

    private static final SubscriptionTracing NONE = new SubscriptionTracing(Tracer.NOOP, Propagator.NOOP);

    /** Reads the Kafka headers, then the envelope's metadata, for the propagator's fields. */
    static final Propagator.Getter<Carrier> CARRIER = (carrier, key) -> carrier.get(key);

    private final Tracer tracer;
    private final Propagator propagator;

    private SubscriptionTracing(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    public static SubscriptionTracing none() {
        return NONE;
    }

    /** Tracing with the application's tracer and propagator (Boot's W3C propagation by default). */
    public static SubscriptionTracing of(Tracer tracer, Propagator propagator) {
        Objects.requireNonNull(tracer, "tracer");
        Objects.requireNonNull(propagator, "propagator");
        return tracer == Tracer.NOOP ? NONE : new SubscriptionTracing(tracer, propagator);
    }

    boolean enabled() {
        return this != NONE;
    }

    Tracer tracer() {
        return tracer;
    }

    Propagator propagator() {
        return propagator;
    }

    /** A record's headers, then its envelope's metadata {@code extra}, as a propagation carrier. */
    record Carrier(Headers headers, Map<String, String> extra) {

        String get(String key) {
            Header header = headers == null ? null : headers.lastHeader(key);
            if (header != null && header.value() != null) {
                return new String(header.value(), StandardCharsets.UTF_8);
            }
            return extra == null ? null : extra.get(key);
        }
    }
}
