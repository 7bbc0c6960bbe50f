package io.eventbank.support.security;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Access defaults of every service, as the lowest-precedence properties so that configuration wins:
 * tokens from auth-service on {@value #ISSUER} for audience {@value #AUDIENCE}; health details and
 * components only for scope {@code eventbank.ops}; Swagger UI signs in as the public
 * {@code eventbank-cli} client with PKCE.
 */
public class SecurityDefaults implements EnvironmentPostProcessor {

    public static final String PROPERTY_SOURCE = "eventbankSecurityDefaults";
    public static final String ISSUER = "http://localhost:9000";
    public static final String AUDIENCE = "eventbank-api";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getPropertySources().contains(PROPERTY_SOURCE)) {
            environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE, Map.of(
                    "spring.security.oauth2.resourceserver.jwt.issuer-uri", ISSUER,
                    "spring.security.oauth2.resourceserver.jwt.audiences", AUDIENCE,
                    "management.endpoint.health.show-details", "when-authorized",
                    "management.endpoint.health.show-components", "when-authorized",
                    "management.endpoint.health.roles", Scopes.authority(Scopes.OPS),
                    "springdoc.swagger-ui.oauth.client-id", "eventbank-cli",
                    "springdoc.swagger-ui.oauth.use-pkce-with-authorization-code-grant", "true")));
        }
    }
}
