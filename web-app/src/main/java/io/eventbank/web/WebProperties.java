package io.eventbank.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code eventbank.webapp.*}: where auth-service and the three APIs are, the web client's credentials, and
 * how long pages wait for the view.
 *
 * @param auth auth-service as the browser and as this server reach it
 * @param apis base URLs of the three APIs (also the targets of {@code /api/**})
 * @param progressWait how long one progress request waits at the view for the transfer's next version
 * @param viewWait how long a page waits for the view to reach the version a command returned
 */
@ConfigurationProperties("eventbank.webapp")
@Validated
public record WebProperties(@DefaultValue @Valid Auth auth, @DefaultValue @Valid Apis apis,
        @DefaultValue("10s") @NotNull Duration progressWait, @DefaultValue("5s") @NotNull Duration viewWait) {

    /**
     * @param issuer the {@code iss} of auth-service's tokens (ID tokens are checked against it)
     * @param publicUri the base the browser is sent to (sign-in, sign-up, sign-out); the issuer when absent
     * @param internalUri the base this server fetches tokens and keys from; the issuer when absent
     *        (in compose, the issuer is what the browser sees and this the service name on the network)
     * @param clientId the web client registered at auth-service
     * @param clientSecret its secret; no default, the service does not start without it
     */
    public record Auth(@DefaultValue("http://localhost:9000") @NotNull URI issuer, URI publicUri, URI internalUri,
            @DefaultValue("eventbank-web") @NotBlank String clientId, @NotBlank String clientSecret) {

        public URI browserSide() {
            return publicUri == null ? issuer : publicUri;
        }

        public URI serverSide() {
            return internalUri == null ? issuer : internalUri;
        }
    }

    public record Apis(@DefaultValue("http://localhost:8081") @NotNull URI accounts,
            @DefaultValue("http://localhost:8082") @NotNull URI transfers,
            @DefaultValue("http://localhost:8083") @NotNull URI views) {
    }
}
