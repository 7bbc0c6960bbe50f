package io.eventbank.view.web;

import java.net.URI;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** Problems specific to the view: not found, and view not up to date. */
final class ViewProblems {

    static final String BASE = "https://eventbank.io/problems/";
    static final String VIEW_NOT_UP_TO_DATE = "view-not-up-to-date";
    static final String NOT_FOUND = "not-found";

    private ViewProblems() {
    }

    static ResponseEntity<Object> notFound(String what, String id) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, what + " " + id + " is not known");
        problem.setType(URI.create(BASE + NOT_FOUND));
        return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    static ResponseEntity<Object> notUpToDate(String what, String id, int requested, int current, Duration retryAfter) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "The view of " + what + " " + id + " is at version " + current + ", not yet " + requested);
        problem.setType(URI.create(BASE + VIEW_NOT_UP_TO_DATE));
        problem.setTitle("View not up to date");
        problem.setProperty("currentVersion", current);
        problem.setProperty("requestedVersion", requested);
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
