package io.eventbank.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Why a transfer failed or was refunded, as a stable code ({@link #code()}, also the JSON form) with a
 * human message. Reading is lenient: prose reasons of older events ({@code "destination account
 * closed"}) map to their code, any other unknown text to {@link #UNSPECIFIED}.
 */
public enum FailureReason {

    INSUFFICIENT_FUNDS("The source account has insufficient funds"),
    SOURCE_ACCOUNT_CLOSED("The source account is closed"),
    DESTINATION_ACCOUNT_CLOSED("The destination account is closed; the amount goes back to the source"),
    /** A reason stored as text that names none of the codes. */
    UNSPECIFIED("The reason was not recorded");

    private final String message;

    FailureReason(String message) {
        this.message = message;
    }

    @JsonValue
    public String code() {
        return name();
    }

    public String message() {
        return message;
    }

    /**
     * The reason a code or an older prose reason names: case, spaces and dashes are ignored
     * ({@code "destination account closed"} is {@link #DESTINATION_ACCOUNT_CLOSED}); null or blank
     * text gives null, other text {@link #UNSPECIFIED}.
     */
    @JsonCreator
    public static FailureReason fromCode(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String normalized = text.strip().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_");
        for (FailureReason reason : values()) {
            if (reason.name().equals(normalized)) {
                return reason;
            }
        }
        return UNSPECIFIED;
    }
}
