package io.eventbank.web.banking.application;

import java.util.List;

/**
 * An API's refusal, from its RFC 9457 problem: {@code code} is the last segment of the problem {@code type}
 * (e.g. {@code unknown-account}), {@code errors} its field errors.
 */
public class ApiProblem extends RuntimeException {

    private final int status;
    private final String code;
    private final String detail;
    private final List<FieldError> errors;

    public ApiProblem(int status, String code, String detail, List<FieldError> errors) {
        super(status + " " + code + (detail == null ? "" : ": " + detail));
        this.status = status;
        this.code = code;
        this.detail = detail;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String detail() {
        return detail;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public boolean notFound() {
        return status == 404;
    }

    public record FieldError(String field, String message) {
    }
}
