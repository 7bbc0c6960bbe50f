package io.eventbank.support.tracing;

import io.eventbank.eventstore.EventMetadata;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.Objects;

/**
 * The trace context of the work in progress on this thread, for code that captures it without a
 * bean at hand ({@code CorrelationIds.appendOptions()} on the request thread). The auto-configuration
 * installs the application's {@link Tracer} and {@link Propagator}; until then, and without tracing,
 * there is none.
 */
public final class CurrentTrace {

    private static final Source NONE = () -> null;

    private static volatile Source source = NONE;

    private CurrentTrace() {
    }

    /** The current span's W3C trace context ({@code 00-<trace id>-<span id>-<flags>}), or null. */
    public static String traceparent() {
        return source.traceparent();
    }

    /**
     * Captures the current span with {@code tracer} and writes it with {@code propagator}.
     *
     * @return closing it goes back to no trace context, unless another installation came since
     */
    public static AutoCloseable install(Tracer tracer, Propagator propagator) {
        Objects.requireNonNull(tracer, "tracer");
        Objects.requireNonNull(propagator, "propagator");
        Source installed = () -> {
            TraceContext context = tracer.currentTraceContext().context();
            return context == null ? null : traceparent(propagator, context);
        };
        source = installed;
        return () -> {
            synchronized (CurrentTrace.class) {
                if (source == installed) {
                    source = NONE;
                }
            }
        };
    }

    /** {@code context} as the propagator writes its {@value EventMetadata#TRACEPARENT} field (null in another format). */
    public static String traceparent(Propagator propagator, TraceContext context) {
        String[] traceparent = new String[1];
        propagator.inject(context, traceparent, (carrier, key, value) -> {
            if (EventMetadata.TRACEPARENT.equals(key)) {
                carrier[0] = value;
            }
        });
        return traceparent[0];
    }

    @FunctionalInterface
    private interface Source {
        String traceparent();
    }
}
