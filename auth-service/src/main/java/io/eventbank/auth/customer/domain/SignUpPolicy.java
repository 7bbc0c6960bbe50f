package io.eventbank.auth.customer.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rules for a new customer's username and password. Usernames are kept in lower case, so that
 * they are unique regardless of case; a password must be long rather than complicated, and must not
 * contain the username.
 */
public final class SignUpPolicy {

    public static final int USERNAME_MIN = 3;
    public static final int USERNAME_MAX = 32;
    public static final int PASSWORD_MIN = 12;
    public static final int PASSWORD_MAX = 128;

    private static final Pattern USERNAME = Pattern.compile("[a-z0-9._-]+");

    private SignUpPolicy() {
    }

    /** The stored form of a username as typed: lower case, surrounding blanks removed. */
    public static String normalize(String username) {
        return username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
    }

    /** Every rule the pair breaks; empty when the customer may be created. */
    public static List<Violation> check(String username, String password) {
        List<Violation> violations = new ArrayList<>();
        String name = normalize(username);
        if (name.length() < USERNAME_MIN || name.length() > USERNAME_MAX) {
            violations.add(new Violation("username",
                    "The username must be " + USERNAME_MIN + " to " + USERNAME_MAX + " characters long."));
        } else if (!USERNAME.matcher(name).matches()) {
            violations.add(new Violation("username",
                    "The username may contain only letters a-z, digits and the characters . _ -"));
        }
        String secret = password == null ? "" : password;
        int length = secret.codePointCount(0, secret.length());
        if (length < PASSWORD_MIN || length > PASSWORD_MAX) {
            violations.add(new Violation("password",
                    "The password must be " + PASSWORD_MIN + " to " + PASSWORD_MAX + " characters long."));
        } else if (name.length() >= USERNAME_MIN && secret.toLowerCase(Locale.ROOT).contains(name)) {
            violations.add(new Violation("password", "The password must not contain the username."));
        } else if (secret.codePoints().anyMatch(Character::isISOControl)) {
            violations.add(new Violation("password", "The password must not contain control characters."));
        }
        return List.copyOf(violations);
    }
}
