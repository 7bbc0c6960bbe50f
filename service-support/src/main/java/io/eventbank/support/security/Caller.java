package io.eventbank.support.security;

import java.util.Objects;
import java.util.Set;

/**
 * Who sent the request: the token's {@code sub} (a customer, or the client id of a client-credentials
 * client) and its scopes. A controller method declares a {@code Caller} parameter to get it.
 */
public record Caller(String id, Set<String> scopes) {

    public Caller {
        Objects.requireNonNull(id, "id");
        scopes = Set.copyOf(scopes);
    }

    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }

    public boolean isTeller() {
        return hasScope(Scopes.TELLER);
    }

    /** Whether this caller owns what {@code ownerId} owns; null (no owner recorded) is nobody's. */
    public boolean owns(String ownerId) {
        return id.equals(ownerId);
    }
}
