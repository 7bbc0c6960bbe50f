package io.eventbank.auth.support;

import java.net.URI;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/** Checks a token as a resource server does: signature from the service's JWKS, issuer, expiry. */
public final class IssuedTokens {

    private IssuedTokens() {
    }

    public static Jwt decode(URI authService, String token) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(authService.resolve("/oauth2/jwks").toString()).build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(AuthServiceIntegrationTest.ISSUER)));
        return decoder.decode(token);
    }
}
