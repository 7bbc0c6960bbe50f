package io.eventbank.support.web;

import io.eventbank.eventstore.DomainException;
import io.eventbank.eventstore.EntityNotFoundException;
import io.eventbank.eventstore.OptimisticLockingException;
import io.eventbank.support.CorrelationIds;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Renders every error as RFC 9457 {@code application/problem+json} with a stable
 * {@code type} ({@code https://eventbank.io/problems/<code>}), the request path as
 * {@code instance}, the {@code correlationId}, and for field-level errors an
 * {@code errors: [{field, message}]} list.
 *
 * <p>Mapping: bean validation → 400 {@code validation-failed}; malformed JSON → 400
 * {@code malformed-request}; a JSON value of the wrong type → 400 {@code validation-failed} naming
 * the field; a bad path/query parameter → 400 {@code invalid-parameter}; oversized body → 413;
 * wrong content type → 415; wrong method → 405; unknown path or id → 404 {@code not-found};
 * {@link DomainException} → 422 with its code; {@link OptimisticLockingException} → 409;
 * {@link ProblemException} → its own status and code; anything else → 500 {@code internal-error}.
 * Services may subclass it to add handlers.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    @ExceptionHandler(DomainException.class)
    public ResponseEntity<Object> handleDomain(DomainException ex, WebRequest request) {
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, ex.code(), ex.getMessage());
        problem.setProperty("code", ex.code());
        return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.UNPROCESSABLE_CONTENT, request);
    }

    @ExceptionHandler(EntityNotFoundException.class)
    public ResponseEntity<Object> handleNotFound(EntityNotFoundException ex, WebRequest request) {
        ProblemDetail problem = problem(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, ex.getMessage());
        return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.NOT_FOUND, request);
    }

    @ExceptionHandler(OptimisticLockingException.class)
    public ResponseEntity<Object> handleConflict(OptimisticLockingException ex, WebRequest request) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, Problems.CONCURRENT_MODIFICATION,
                "The resource was changed concurrently; retry the request");
        return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.CONFLICT, request);
    }

    @ExceptionHandler(ProblemException.class)
    public ResponseEntity<Object> handleProblem(ProblemException ex, WebRequest request) {
        ProblemDetail problem = problem(ex.status(), ex.code(), ex.getMessage());
        if (!ex.errors().isEmpty()) {
            problem.setProperty("errors", ex.errors());
        }
        return handleExceptionInternal(ex, problem, new HttpHeaders(), ex.status(), request);
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<Object> handleUnexpected(Exception ex, WebRequest request) {
        log.error("Unhandled error on {}", path(request), ex);
        ProblemDetail problem = problem(HttpStatus.INTERNAL_SERVER_ERROR, Problems.INTERNAL_ERROR,
                "An unexpected error occurred");
        return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        for (FieldError error : ex.getBindingResult().getFieldErrors()) {
            errors.add(new FieldProblem(error.getField(), error.getDefaultMessage()));
        }
        ex.getBindingResult().getGlobalErrors()
                .forEach(error -> errors.add(new FieldProblem(error.getObjectName(), error.getDefaultMessage())));
        return validationProblem(ex, errors, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        ex.getParameterValidationResults().forEach(result -> {
            String name = result.getMethodParameter().getParameterName();
            for (MessageSourceResolvable error : result.getResolvableErrors()) {
                String field = error instanceof FieldError fieldError ? fieldError.getField() : name;
                errors.add(new FieldProblem(field, error.getDefaultMessage()));
            }
        });
        return validationProblem(ex, errors, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        RequestBodyTooLargeException tooLarge = causeOf(ex, RequestBodyTooLargeException.class);
        if (tooLarge != null) {
            ProblemDetail problem = problem(HttpStatus.CONTENT_TOO_LARGE, Problems.PAYLOAD_TOO_LARGE,
                    tooLarge.getMessage());
            return handleExceptionInternal(ex, problem, headers, HttpStatus.CONTENT_TOO_LARGE, request);
        }
        JacksonException jackson = causeOf(ex, JacksonException.class);
        String field = jackson == null ? "" : fieldPath(jackson);
        if (jackson != null && !(jackson instanceof StreamReadException) && !field.isEmpty()) {
            String message = jackson instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                    ? expectation(mismatch.getTargetType())
                    : "has an invalid value";
            if (jackson instanceof InvalidFormatException || jackson instanceof MismatchedInputException) {
                return validationProblem(ex, List.of(new FieldProblem(field, message)), request);
            }
            ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, Problems.MALFORMED_REQUEST,
                    "Field '" + field + "' could not be read");
            problem.setProperty("errors", List.of(new FieldProblem(field, message)));
            return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
        }
        String detail = jackson == null ? "Request body is missing or unreadable" : "Request body is not valid JSON";
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, Problems.MALFORMED_REQUEST, detail);
        if (!field.isEmpty()) {
            problem.setProperty("errors", List.of(new FieldProblem(field, "is malformed")));
        }
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String name = ex instanceof MethodArgumentTypeMismatchException m ? m.getName() : ex.getPropertyName();
        String message = ex.getRequiredType() == null ? "has an invalid value" : expectation(ex.getRequiredType());
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, Problems.INVALID_PARAMETER,
                "Parameter '" + name + "' " + message);
        problem.setProperty("errors", List.of(new FieldProblem(name, message)));
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = body instanceof ProblemDetail p ? p : ProblemDetail.forStatus(status);
        if (problem.getType() == null || URI.create("about:blank").equals(problem.getType())) {
            problem.setType(Problems.type(codeFor(ex, status)));
        }
        if (problem.getInstance() == null) {
            String path = path(request);
            if (path != null) {
                problem.setInstance(URI.create(path));
            }
        }
        String correlationId = CorrelationIds.current();
        if (correlationId != null) {
            problem.setProperty("correlationId", correlationId);
        }
        return super.handleExceptionInternal(ex, problem, headers, status, request);
    }

    /** A 400 {@code validation-failed} problem listing {@code errors} sorted by field. */
    protected ResponseEntity<Object> validationProblem(Exception ex, List<FieldProblem> errors, WebRequest request) {
        List<FieldProblem> sorted = errors.stream()
                .sorted(Comparator.comparing(FieldProblem::field).thenComparing(FieldProblem::message,
                        Comparator.nullsFirst(Comparator.naturalOrder())))
                .toList();
        String fields = String.join(", ", sorted.stream().map(FieldProblem::field).distinct().toList());
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, Problems.VALIDATION_FAILED,
                "Invalid request: " + fields);
        problem.setProperty("errors", sorted);
        return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
    }

    /** A problem with the type {@code https://eventbank.io/problems/<code>}. */
    protected static ProblemDetail problem(HttpStatusCode status, String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(Problems.type(code));
        return problem;
    }

    private static String codeFor(Exception ex, HttpStatusCode status) {
        return switch (ex) {
            case HttpRequestMethodNotSupportedException e -> Problems.METHOD_NOT_ALLOWED;
            case HttpMediaTypeNotSupportedException e -> Problems.UNSUPPORTED_MEDIA_TYPE;
            case HttpMediaTypeNotAcceptableException e -> Problems.NOT_ACCEPTABLE;
            case NoResourceFoundException e -> Problems.NOT_FOUND;
            case NoHandlerFoundException e -> Problems.NOT_FOUND;
            case MissingServletRequestParameterException e -> Problems.INVALID_PARAMETER;
            case ServletRequestBindingException e -> Problems.INVALID_PARAMETER;
            default -> {
                HttpStatus known = HttpStatus.resolve(status.value());
                yield known == null ? "http-" + status.value() : known.name().toLowerCase().replace('_', '-');
            }
        };
    }

    private static String expectation(Class<?> type) {
        if (type == BigDecimal.class || type == BigInteger.class || Number.class.isAssignableFrom(type)
                || type == int.class || type == long.class || type == double.class) {
            return "must be a number";
        }
        if (type == UUID.class) {
            return "must be a UUID";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "must be true or false";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "must be an ISO-8601 date-time";
        }
        if (type == String.class) {
            return "must be a string";
        }
        return "has an invalid value";
    }

    private static String fieldPath(JacksonException ex) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : ex.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static <T extends Throwable> T causeOf(Throwable ex, Class<T> type) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String path(WebRequest request) {
        if (request instanceof ServletWebRequest servlet) {
            return servlet.getRequest().getRequestURI();
        }
        if (request instanceof NativeWebRequest nativeRequest) {
            return nativeRequest.getDescription(false);
        }
        return null;
    }
}
