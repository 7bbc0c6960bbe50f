package io.eventbank.support.web;

import io.eventbank.eventstore.EventMetadata;
import io.eventbank.support.CorrelationIds;
import io.micrometer.tracing.BaggageInScope;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Takes {@code X-Correlation-Id} from the request (or creates one), puts it into the MDC for the
 * request's duration and echoes it in the response header. With a {@link Tracer} it is also trace
 * baggage under the header's name for the request's duration (propagated by Boot's
 * {@code management.tracing.baggage.remote-fields}, which service-support defaults to it) and a tag
 * of the request's span; registered inside Boot's observation filter, so that span is current.
 */
public class CorrelationIdFilter extends OncePerRequestFilter {

    private final Tracer tracer;

    public CorrelationIdFilter() {
        this(Tracer.NOOP);
    }

    public CorrelationIdFilter(Tracer tracer) {
        this.tracer = tracer == null ? Tracer.NOOP : tracer;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String sent = request.getHeader(CorrelationIds.HEADER);
        boolean malformed = sent != null && !CorrelationIds.acceptable(sent);
        String id = sent != null && !malformed ? sent : UUID.randomUUID().toString();
        MDC.put(EventMetadata.CORRELATION_ID, id);
        response.setHeader(CorrelationIds.HEADER, id);
        Span span = tracer.currentSpan();
        if (span != null) {
            span.tag(EventMetadata.CORRELATION_ID, id);
        }
        try (BaggageInScope baggage = tracer.createBaggageInScope(CorrelationIds.HEADER, id)) {
            if (malformed) {
                ProblemResponses.write(request, response, HttpStatus.BAD_REQUEST, Problems.INVALID_HEADER,
                        CorrelationIds.HEADER + " must be " + CorrelationIds.RULE);
                return;
            }
            chain.doFilter(request, response);
        } finally {
            MDC.remove(EventMetadata.CORRELATION_ID);
        }
    }
}
