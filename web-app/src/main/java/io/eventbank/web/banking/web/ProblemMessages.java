package io.eventbank.web.banking.web;

import io.eventbank.web.banking.application.ApiProblem;
import java.util.Map;
import org.springframework.validation.BindingResult;

/** API problems in plain words, and their field errors on the form fields of the same names. */
final class ProblemMessages {

    private static final Map<String, String> BY_CODE = Map.ofEntries(
            Map.entry("unknown-account", "There is no account with that number."),
            Map.entry("not-found", "There is no such account or transfer."),
            Map.entry("account-not-empty", "An account can only be closed when its balance is zero."),
            Map.entry("account-closed", "That account is closed."),
            Map.entry("account-not-open", "That account is not open."),
            Map.entry("view-not-up-to-date",
                    "Your latest change is still on its way to this page. Reload it in a moment."),
            Map.entry("idempotency-key-reused",
                    "This form was already sent with other values; nothing more was sent. Start a new transfer."),
            Map.entry("same-account", "Pay to another account than the one you pay from."),
            Map.entry("validation-failed", "Please correct the marked fields."),
            Map.entry("invalid-parameter", "Please correct the marked fields."),
            Map.entry("malformed-request", "The form could not be read. Please check what you typed."),
            Map.entry("payload-too-large", "That is too much text for this form."),
            Map.entry("concurrent-modification", "Something else changed this account at the same moment. Try again."),
            Map.entry("unauthorized", "Your session has ended. Please sign in again."),
            Map.entry("forbidden", "You are not allowed to do that."));

    /** What the API said about a field, in words a customer reads next to that field. */
    private static final Map<String, String> FIELD_WORDS = Map.of(
            "is malformed", "is not valid",
            "must not be null", "is required",
            "no such account", "There is no account with that number",
            "must differ from fromAccountId", "Pay to another account than the one you pay from");

    private ProblemMessages() {
    }

    static String of(ApiProblem problem) {
        String words = BY_CODE.get(problem.code());
        if (words != null) {
            return words;
        }
        if (problem.status() >= 500) {
            return "The bank could not answer just now. Please try again in a moment.";
        }
        return problem.detail() != null ? problem.detail() : "The bank refused that (" + problem.code() + ").";
    }

    /** Field errors onto {@code form}'s fields where names match, the rest as a global error; then the message. */
    static String onto(ApiProblem problem, BindingResult form) {
        for (ApiProblem.FieldError error : problem.errors()) {
            String message = FIELD_WORDS.getOrDefault(error.message(), error.message());
            if (form.getTarget() != null && hasField(form, error.field())) {
                form.rejectValue(error.field(), problem.code(), message);
            } else {
                form.reject(problem.code(), error.field() + " " + message);
            }
        }
        return of(problem);
    }

    private static boolean hasField(BindingResult form, String field) {
        try {
            return form.getFieldType(field) != null;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
