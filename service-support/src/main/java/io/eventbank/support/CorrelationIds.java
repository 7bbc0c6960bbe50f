package io.eventbank.support;

import io.eventbank.eventstore.AppendOptions;
import io.eventbank.eventstore.EventMetadata;
import io.eventbank.support.tracing.CurrentTrace;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * The correlation id of the work in progress on this thread: taken from {@code X-Correlation-Id}
 * by the servlet filter (which also makes it trace baggage under that name), or from an event's
 * metadata by the subscription runtime, and kept in the MDC under
 * {@value EventMetadata#CORRELATION_ID} so that every log line carries it.
 */
public final class CorrelationIds {

    /** The request and response header, and the name of the trace baggage field that carries the id. */
    public static final String HEADER = "X-Correlation-Id";

    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

    private CorrelationIds() {
    }

    /** The current correlation id, or null outside a request or handler. */
    public static String current() {
        return MDC.get(EventMetadata.CORRELATION_ID);
    }

    /** What a client may send as a correlation id. */
    public static final String RULE = "1 to 128 characters of A-Z a-z 0-9 . _ : -";

    /** Whether {@code candidate} is a sane id ({@value #RULE}). */
    public static boolean acceptable(String candidate) {
        return candidate != null && ACCEPTABLE.matcher(candidate).matches();
    }

    /**
     * Append options carrying the current correlation id (a new one when there is none) and the
     * current span's trace context ({@link EventMetadata#TRACEPARENT}), so that the events' handlers
     * continue the request's trace.
     */
    public static AppendOptions appendOptions() {
        String id = current();
        AppendOptions options = AppendOptions.none().withCorrelationId(id != null ? id : UUID.randomUUID().toString());
        String traceparent = CurrentTrace.traceparent();
        return traceparent == null ? options : options.withMetadata(options.metadata().withTraceparent(traceparent));
    }
}
