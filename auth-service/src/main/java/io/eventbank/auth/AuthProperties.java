package io.eventbank.auth;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * auth-service's settings. The client secrets have no defaults: the service does not start
 * without them, and the failure names the missing property.
 *
 * @param signingKeyFile where the RS256 signing key (a JWK) is kept; generated, owner-only, on first start
 * @param audience the {@code aud} of every access token (what the resource servers require)
 * @param accessTokenTimeToLive how long an access token is valid
 * @param clients the registered OAuth2 clients, written to the database on every start
 * @param demoUsers customers created (or given this password) on start; empty in production
 * @param corsAllowedOrigins browser origins allowed to call the token, JWKS and discovery endpoints
 */
@Validated
@ConfigurationProperties("eventbank.auth")
public record AuthProperties(
        @NotNull Path signingKeyFile,
        @DefaultValue("eventbank-api") @NotBlank String audience,
        @DefaultValue("15m") @NotNull Duration accessTokenTimeToLive,
        @DefaultValue @Valid Clients clients,
        @DefaultValue List<@Valid DemoUser> demoUsers,
        @DefaultValue List<@NotBlank String> corsAllowedOrigins) {

    /**
     * @param web the web app: confidential, authorization code + PKCE, refresh tokens
     * @param cli scripts and Swagger UI: public, authorization code + PKCE, loopback redirects
     * @param ops operations: client credentials, scope {@code eventbank.ops}
     * @param teller the bank's teller: client credentials, scope {@code eventbank.teller}
     */
    public record Clients(@DefaultValue @Valid Web web, @DefaultValue @Valid Cli cli,
            @DefaultValue @Valid Confidential ops, @DefaultValue @Valid Confidential teller) {
    }

    /**
     * @param redirectUris where sign-in returns the code (web-app's {@code /login/oauth2/code/eventbank})
     * @param postLogoutRedirectUris where sign-out may return the browser (web-app's {@code /?signedOut})
     */
    public record Web(@NotBlank String secret,
            @DefaultValue("http://localhost:8080/login/oauth2/code/eventbank") @NotEmpty List<@NotBlank String> redirectUris,
            @DefaultValue("http://localhost:8080/?signedOut") @NotEmpty List<@NotBlank String> postLogoutRedirectUris) {
    }

    public record Cli(@DefaultValue("http://127.0.0.1:8976/callback") @NotEmpty List<@NotBlank String> redirectUris) {
    }

    public record Confidential(@NotBlank String secret) {
    }

    public record DemoUser(@NotBlank String username, @NotBlank String password) {
    }
}
