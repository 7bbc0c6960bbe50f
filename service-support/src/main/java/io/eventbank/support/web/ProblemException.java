package io.eventbank.support.web;

import java.util.List;
import org.springframework.http.HttpStatusCode;

/**
 * A request rejected by the web or application layer with a given status and stable problem code,
 * optionally naming the offending fields. Rendered by {@link ProblemDetailsAdvice}.
 */
public class ProblemException extends RuntimeException {

    private final HttpStatusCode status;
    private final String code;
    private final List<FieldProblem> errors;

    public ProblemException(HttpStatusCode status, String code, String detail, List<FieldProblem> errors) {
        super(detail);
        this.status = status;
        this.code = code;
        this.errors = List.copyOf(errors);
    }

    /** A problem about one field, e.g. an unknown account id. */
    public static ProblemException ofField(HttpStatusCode status, String code, String field, String message) {
        return new ProblemException(status, code, field + ": " + message, List.of(new FieldProblem(field, message)));
    }

    public HttpStatusCode status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<FieldProblem> errors() {
        return errors;
    }
}
