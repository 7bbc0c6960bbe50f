package io.eventbank.support.web;

/** One invalid field of a request, listed in a problem's {@code errors}. */
public record FieldProblem(String field, String message) {
}
