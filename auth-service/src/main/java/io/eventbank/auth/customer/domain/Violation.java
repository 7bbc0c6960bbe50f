package io.eventbank.auth.customer.domain;

/** One broken sign-up rule: the form field and what is wrong with it, in words for the customer. */
public record Violation(String field, String message) {
}
