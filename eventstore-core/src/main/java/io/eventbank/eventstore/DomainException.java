package io.eventbank.eventstore;

/**
 * A command that the aggregate rejects outright; nothing is appended. Web layers map it to a
 * 4xx problem using {@link #code()} as a stable identifier.
 */
public class DomainException extends RuntimeException {

    private final String code;

    public DomainException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** Stable, kebab-case identifier of the rule that was broken, e.g. {@code account-not-empty}. */
    public String code() {
        return code;
    }
}
