package io.eventbank.testsupport;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Access tokens for tests, signed RS256 with a key made once per JVM, so that services under test
 * need no issuer: they trust {@link #publicKeyFile()} ({@link #resourceServerProperties()}). The
 * claims are those auth-service issues: {@code iss} {@value #ISSUER}, {@code aud} {@value #AUDIENCE},
 * {@code sub} the customer or client, {@code scope}, five minutes of validity. The forged variants
 * each break one rule a resource server must check.
 */
public final class Tokens {

    public static final String ISSUER = "http://issuer.eventbank.test";
    public static final String AUDIENCE = "eventbank-api";
    /** What a customer's token from auth-service (eventbank-cli, eventbank-web) carries: no API scope. */
    public static final String CUSTOMER_SCOPE = "openid";
    public static final String OPS_SCOPE = "eventbank.ops";
    public static final String TELLER_SCOPE = "eventbank.teller";
    public static final String OPS_CLIENT = "eventbank-ops";
    public static final String TELLER_CLIENT = "eventbank-teller";

    private static final RSAKey KEY = rsaKey();
    private static final NimbusJwtEncoder ENCODER = encoder(KEY);
    private static final NimbusJwtEncoder OTHER_ENCODER = encoder(rsaKey());
    private static Path publicKeyFile;
    private static Path signingKeyFile;

    private Tokens() {
    }

    /** A customer's token: {@code sub} = {@code customerId}, scope {@value #CUSTOMER_SCOPE}. */
    public static String customer(String customerId) {
        return token(customerId, List.of(CUSTOMER_SCOPE), UnaryOperator.identity());
    }

    /** The operations client's token (client credentials): scope {@value #OPS_SCOPE}. */
    public static String ops() {
        return token(OPS_CLIENT, List.of(OPS_SCOPE), UnaryOperator.identity());
    }

    /** The teller client's token (client credentials): scope {@value #TELLER_SCOPE}. */
    public static String teller() {
        return token(TELLER_CLIENT, List.of(TELLER_SCOPE), UnaryOperator.identity());
    }

    /** A valid token for {@code subject} with these scopes, {@code claims} changing any claim. */
    public static String token(String subject, List<String> scopes, UnaryOperator<JwtClaimsSet.Builder> claims) {
        return sign(ENCODER, claims.apply(claims(subject, scopes)).build());
    }

    /** Signed by a key no resource server trusts. */
    public static String signedByAnotherKey(String subject) {
        return sign(OTHER_ENCODER, claims(subject, List.of(CUSTOMER_SCOPE)).build());
    }

    /** Expired a minute ago. */
    public static String expired(String subject) {
        Instant now = Instant.now();
        return token(subject, List.of(CUSTOMER_SCOPE),
                c -> c.issuedAt(now.minus(Duration.ofMinutes(10))).expiresAt(now.minus(Duration.ofMinutes(1))));
    }

    /** From another issuer, signed with the trusted key. */
    public static String otherIssuer(String subject) {
        return token(subject, List.of(CUSTOMER_SCOPE), c -> c.issuer("http://evil.example"));
    }

    /** For another audience, signed with the trusted key. */
    public static String otherAudience(String subject) {
        return token(subject, List.of(CUSTOMER_SCOPE), c -> c.audience(List.of("some-other-api")));
    }

    /** Unsigned ({@code alg: none}) with otherwise valid claims. */
    public static String unsigned(String subject) {
        Instant now = Instant.now();
        String header = base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String payload = base64Url("{\"iss\":\"" + ISSUER + "\",\"aud\":[\"" + AUDIENCE + "\"],\"sub\":\"" + subject
                + "\",\"scope\":\"" + CUSTOMER_SCOPE + " " + OPS_SCOPE + " " + TELLER_SCOPE + "\",\"iat\":"
                + now.getEpochSecond() + ",\"exp\":" + now.plusSeconds(300).getEpochSecond() + "}");
        return header + "." + payload + ".";
    }

    /** The trusted public key as PEM in a temporary file (written once per JVM). */
    public static synchronized Path publicKeyFile() {
        if (publicKeyFile == null) {
            try {
                Path file = Files.createTempFile("eventbank-test-issuer", ".pem");
                file.toFile().deleteOnExit();
                String pem = "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(KEY.toRSAPublicKey().getEncoded())
                        + "\n-----END PUBLIC KEY-----\n";
                Files.writeString(file, pem);
                publicKeyFile = file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (com.nimbusds.jose.JOSEException e) {
                throw new IllegalStateException(e);
            }
        }
        return publicKeyFile;
    }

    /**
     * The signing key itself (private, JWK JSON, owner-only) in a temporary file: auth-service started with it
     * as its key file and {@value #ISSUER} as its issuer issues tokens that services trusting these accept.
     */
    public static synchronized Path signingKeyFile() {
        if (signingKeyFile == null) {
            try {
                Path file = Files.createTempFile("eventbank-test-signing-key", ".json",
                        java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
                file.toFile().deleteOnExit();
                Files.writeString(file, KEY.toJSONString());
                signingKeyFile = file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return signingKeyFile;
    }

    /** What a service needs to trust these tokens: Boot's resource-server properties. */
    public static Map<String, String> resourceServerProperties() {
        return Map.of(
                "spring.security.oauth2.resourceserver.jwt.issuer-uri", ISSUER,
                "spring.security.oauth2.resourceserver.jwt.public-key-location", "file:" + publicKeyFile(),
                "spring.security.oauth2.resourceserver.jwt.audiences", AUDIENCE);
    }

    /** {@link #resourceServerProperties()} as environment variables of a service process. */
    public static Map<String, String> resourceServerEnvironment() {
        return Map.of(
                "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI", ISSUER,
                "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_PUBLIC_KEY_LOCATION", "file:" + publicKeyFile(),
                "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_AUDIENCES", AUDIENCE);
    }

    private static JwtClaimsSet.Builder claims(String subject, List<String> scopes) {
        Instant now = Instant.now();
        return JwtClaimsSet.builder()
                .issuer(ISSUER)
                .audience(List.of(AUDIENCE))
                .subject(subject)
                .id(UUID.randomUUID().toString())
                .issuedAt(now)
                .notBefore(now.minusSeconds(5))
                .expiresAt(now.plus(Duration.ofMinutes(5)))
                .claim("scope", List.copyOf(scopes));
    }

    private static String sign(NimbusJwtEncoder encoder, JwtClaimsSet claims) {
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).type("JWT").build();
        return encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
    }

    private static RSAKey rsaKey() {
        try {
            return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static NimbusJwtEncoder encoder(RSAKey key) {
        return new NimbusJwtEncoder(new ImmutableJWKSet<SecurityContext>(new JWKSet(key)));
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
