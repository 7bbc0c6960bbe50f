package io.eventbank.support.web;

import io.eventbank.support.CorrelationIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a problem from a servlet filter, before any controller or advice runs, in the same shape as
 * {@link ProblemDetailsAdvice}: stable {@code type}, the path as {@code instance}, the correlation id.
 */
public final class ProblemResponses {

    /** Properties at the top level, as the MVC advice writes them. */
    private static final JsonMapper PROBLEM_JSON = JsonMapper.builder()
            .addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class).build();

    private ProblemResponses() {
    }

    public static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
                             String code, String detail) throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(Problems.type(code));
        problem.setTitle(status.getReasonPhrase());
        problem.setInstance(UriComponentsBuilder.fromPath(request.getRequestURI()).build().toUri());
        String correlationId = CorrelationIds.current();
        if (correlationId != null) {
            problem.setProperty("correlationId", correlationId);
        }
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        PROBLEM_JSON.writeValue(response.getOutputStream(), problem);
    }
}
