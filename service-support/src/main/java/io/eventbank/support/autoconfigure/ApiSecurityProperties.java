package io.eventbank.support.autoconfigure;

import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Access rules of the service APIs ({@code eventbank.security.*}); the token rules are Boot's
 * {@code spring.security.oauth2.resourceserver.jwt.*}.
 *
 * @param corsAllowedOrigins origins a browser may call the API from (exact, such as
 *                           {@code http://localhost:8080}); empty: none
 */
@Validated
@ConfigurationProperties("eventbank.security")
public record ApiSecurityProperties(@NotNull @DefaultValue List<String> corsAllowedOrigins) {
}
