package io.eventbank.view.projection.web;

import io.eventbank.support.web.ProblemDetailsAdvice;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;

/** The shared problem rendering plus the view's 409 {@code view-not-up-to-date} with {@code Retry-After}. */
@RestControllerAdvice
public class ViewProblemDetailsAdvice extends ProblemDetailsAdvice {

    public static final String VIEW_NOT_UP_TO_DATE = "view-not-up-to-date";

    @ExceptionHandler(ViewNotUpToDateException.class)
    public ResponseEntity<Object> handleNotUpToDate(ViewNotUpToDateException ex, WebRequest request) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, VIEW_NOT_UP_TO_DATE, ex.getMessage());
        problem.setTitle("View not up to date");
        problem.setProperty("currentVersion", ex.currentVersion());
        problem.setProperty("requestedVersion", ex.requestedVersion());
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, ex.retryAfter().toSeconds())));
        return handleExceptionInternal(ex, problem, headers, HttpStatus.CONFLICT, request);
    }
}
