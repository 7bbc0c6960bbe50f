package io.eventbank.support.autoconfigure;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.security.OAuthFlow;
import io.swagger.v3.oas.models.security.OAuthFlows;
import io.swagger.v3.oas.models.security.Scopes;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.context.annotation.Bean;

/**
 * Every service's OpenAPI document declares the two ways in, either of which satisfies every
 * operation: {@value #BEARER} (paste an access token, e.g. from {@code docker/token.sh}) and
 * {@value #OAUTH} (the issuer's authorization-code flow, so that Swagger UI's "Authorize" signs in
 * through the public {@code eventbank-cli} client with PKCE, as set by
 * {@link io.eventbank.support.security.SecurityDefaults}).
 */
@AutoConfiguration(after = ApiSecurityAutoConfiguration.class)
@ConditionalOnClass(OpenApiCustomizer.class)
public class OpenApiSecurityAutoConfiguration {

    public static final String BEARER = "bearer-jwt";
    public static final String OAUTH = "eventbank-oauth";

    @Bean
    OpenApiCustomizer eventbankSecuritySchemes(OAuth2ResourceServerProperties properties) {
        String issuer = properties.getJwt().getIssuerUri();
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents()
                    .addSecuritySchemes(BEARER, new SecurityScheme()
                            .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                            .description("An access token of the Eventbank issuer; the customer is its sub"))
                    .addSecuritySchemes(OAUTH, new SecurityScheme()
                            .type(SecurityScheme.Type.OAUTH2)
                            .description("Sign in at the issuer (client eventbank-cli, PKCE)")
                            .flows(new OAuthFlows().authorizationCode(new OAuthFlow()
                                    .authorizationUrl(issuer + "/oauth2/authorize")
                                    .tokenUrl(issuer + "/oauth2/token")
                                    .scopes(new Scopes().addString("openid", "sign in as a customer")))));
            openApi.addSecurityItem(new SecurityRequirement().addList(BEARER));
            openApi.addSecurityItem(new SecurityRequirement().addList(OAUTH));
        };
    }
}
