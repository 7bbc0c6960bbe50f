package io.eventbank.auth.customer.application;

import io.eventbank.auth.customer.domain.Violation;
import java.util.List;

/** What a sign-up did. */
public sealed interface SignUpResult {

    /** The customer exists now and can sign in as {@code username}. */
    record SignedUp(String username) implements SignUpResult {
    }

    /** The form breaks the policy; nothing was written. */
    record Rejected(List<Violation> violations) implements SignUpResult {
    }

    /** Someone has this username already; nothing was written. */
    record UsernameTaken(String username) implements SignUpResult {
    }
}
