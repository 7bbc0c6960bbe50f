package io.eventbank.benchmarks;

import io.eventbank.testsupport.Tokens;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The benchmark's access tokens, signed with the test key the started services trust
 * ({@link Tokens#resourceServerEnvironment()}), each valid for a whole run: one customer owns every
 * benchmark account, the teller opens them with a balance, ops reads Actuator and starts rebuilds.
 */
final class BenchTokens {

    static final String CUSTOMER = "bench";
    private static final Duration VALIDITY = Duration.ofHours(12);

    static final String CUSTOMER_TOKEN = token(CUSTOMER, Tokens.CUSTOMER_SCOPE);
    static final String TELLER_TOKEN = token(Tokens.TELLER_CLIENT, Tokens.TELLER_SCOPE);
    static final String OPS_TOKEN = token(Tokens.OPS_CLIENT, Tokens.OPS_SCOPE);

    private BenchTokens() {
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    private static String token(String subject, String scope) {
        return Tokens.token(subject, List.of(scope), claims -> claims.expiresAt(Instant.now().plus(VALIDITY)));
    }
}
