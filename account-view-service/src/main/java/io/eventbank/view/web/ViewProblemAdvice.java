package io.eventbank.view.web;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** 400 {@code invalid-parameter} problems naming the parameter. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ViewProblemAdvice {

    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDetail> invalidParameter(InvalidParameterException e) {
        return invalid(e.parameter(), e.getMessage().substring(e.parameter().length() + 2));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        return invalid(e.getName(), "has an invalid value");
    }

    private static ResponseEntity<ProblemDetail> invalid(String parameter, String message) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "Parameter '" + parameter + "' " + message);
        problem.setType(URI.create(ViewProblems.BASE + "invalid-parameter"));
        problem.setProperty("errors", List.of(Map.of("field", parameter, "message", message)));
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
