package io.eventbank.benchmarks;

import io.eventbank.testsupport.Tokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The benchmark's access tokens: one customer owns every benchmark account, the teller opens them
 * with a balance, ops reads Actuator and starts rebuilds. By default they are signed with the test
 * key the started services trust ({@link Tokens#resourceServerEnvironment()}) and valid for a whole
 * run. Against a running stack ({@code --accounts-url}, {@code --view-url}) the environment gives
 * real ones: {@value #CUSTOMER_ENV}, {@value #TELLER_ENV}, {@value #OPS_ENV} (e.g. from
 * {@code docker/token.sh}); the customer is then that token's {@code sub}.
 */
final class BenchTokens {

    static final String CUSTOMER_ENV = "EVENTBANK_BENCH_CUSTOMER_TOKEN";
    static final String TELLER_ENV = "EVENTBANK_BENCH_TELLER_TOKEN";
    static final String OPS_ENV = "EVENTBANK_BENCH_OPS_TOKEN";

    private static final Duration VALIDITY = Duration.ofHours(12);

    static final String CUSTOMER_TOKEN = given(CUSTOMER_ENV).orElseGet(() -> token("bench", Tokens.CUSTOMER_SCOPE));
    static final String CUSTOMER = subject(CUSTOMER_TOKEN);
    static final String TELLER_TOKEN = given(TELLER_ENV).orElseGet(() -> token(Tokens.TELLER_CLIENT, Tokens.TELLER_SCOPE));
    static final String OPS_TOKEN = given(OPS_ENV).orElseGet(() -> token(Tokens.OPS_CLIENT, Tokens.OPS_SCOPE));

    private BenchTokens() {
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    private static Optional<String> given(String variable) {
        return Optional.ofNullable(System.getenv(variable)).map(String::strip).filter(s -> !s.isEmpty());
    }

    private static String token(String subject, String scope) {
        return Tokens.token(subject, List.of(scope), claims -> claims.expiresAt(Instant.now().plus(VALIDITY)));
    }

    static String subject(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            throw new IllegalArgumentException(CUSTOMER_ENV + " is not a JWT");
        }
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String sub = JsonMapper.builder().build().readTree(payload).path("sub").asString();
        if (sub.isEmpty()) {
            throw new IllegalArgumentException(CUSTOMER_ENV + " has no sub claim");
        }
        return sub;
    }
}
