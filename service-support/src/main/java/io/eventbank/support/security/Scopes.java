package io.eventbank.support.security;

/** The OAuth2 scopes the services give meaning to (auth-service issues them). */
public final class Scopes {

    /** Operations: {@code /admin/**}, Prometheus, health details. */
    public static final String OPS = "eventbank.ops";
    /** A teller: opens accounts for a customer, with an initial balance. */
    public static final String TELLER = "eventbank.teller";
    /** Spring Security's authority for a scope. */
    public static final String AUTHORITY_PREFIX = "SCOPE_";

    private Scopes() {
    }

    public static String authority(String scope) {
        return AUTHORITY_PREFIX + scope;
    }
}
