package io.eventbank.support;

import io.eventbank.eventstore.AppendOptions;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * The correlation id of the work in progress on this thread: taken from {@code X-Correlation-Id}
 * by the servlet filter, or from an event's metadata by a handler, and kept in the MDC under
 * {@code correlationId} so that every log line carries it.
 */
public final class CorrelationIds {

    public static final String HEADER = "X-Correlation-Id";
    public static final String MDC_KEY = "correlationId";

    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

    private CorrelationIds() {
    }

    /** The current correlation id, or null outside a request or handler. */
    public static String current() {
        return MDC.get(MDC_KEY);
    }

    /** {@code candidate} when it is a sane id (1–128 of {@code [A-Za-z0-9._:-]}), otherwise a new UUID. */
    public static String acceptOrCreate(String candidate) {
        return candidate != null && ACCEPTABLE.matcher(candidate).matches() ? candidate : UUID.randomUUID().toString();
    }

    /** Append options carrying the current correlation id (a new one when there is none). */
    public static AppendOptions appendOptions() {
        String id = current();
        return AppendOptions.none().withCorrelationId(id != null ? id : UUID.randomUUID().toString());
    }
}
