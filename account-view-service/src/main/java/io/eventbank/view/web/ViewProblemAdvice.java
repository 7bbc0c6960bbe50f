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

/** 400 {@code invalid-parameter} problems naming the parameter. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ViewProblemAdvice {

    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDetail> invalidParameter(InvalidParameterException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "Parameter '" + e.parameter() + "' " + e.getMessage().substring(e.parameter().length() + 2));
        problem.setType(URI.create(ViewProblems.BASE + "invalid-parameter"));
        problem.setProperty("errors", List.of(Map.of("field", e.parameter(),
                "message", e.getMessage().substring(e.parameter().length() + 2))));
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
