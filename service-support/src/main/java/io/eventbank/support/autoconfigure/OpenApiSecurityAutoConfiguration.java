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
 * The OpenAPI document declares the issuer's authorization-code flow, so that Swagger UI's
 * "Authorize" signs in through the public {@code eventbank-cli} client with PKCE (set by
 * {@link io.eventbank.support.security.SecurityDefaults}) and sends the token with every call.
 */
@AutoConfiguration(after = ApiSecurityAutoConfiguration.class)
@ConditionalOnClass(OpenApiCustomizer.class)
public class OpenApiSecurityAutoConfiguration {

    static final String SCHEME = "eventbank";

    @Bean
    OpenApiCustomizer eventbankOAuthScheme(OAuth2ResourceServerProperties properties) {
        String issuer = properties.getJwt().getIssuerUri();
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSecuritySchemes(SCHEME, new SecurityScheme()
                    .type(SecurityScheme.Type.OAUTH2)
                    .flows(new OAuthFlows().authorizationCode(new OAuthFlow()
                            .authorizationUrl(issuer + "/oauth2/authorize")
                            .tokenUrl(issuer + "/oauth2/token")
                            .scopes(new Scopes().addString("openid", "sign in")
                                    .addString("eventbank.customer", "act as the signed-in customer")))));
            openApi.addSecurityItem(new SecurityRequirement().addList(SCHEME));
        };
    }
}
