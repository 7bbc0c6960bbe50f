package io.eventbank.auth.authorization.infrastructure;

import io.eventbank.auth.AuthProperties;
import java.util.List;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/** The four clients as {@link AuthProperties} describes them; each keeps its client id as its registration id. */
final class ClientRegistrations {

    static final String WEB = "eventbank-web";
    static final String CLI = "eventbank-cli";
    static final String OPS = "eventbank-ops";
    static final String TELLER = "eventbank-teller";
    static final String OPS_SCOPE = "eventbank.ops";
    static final String TELLER_SCOPE = "eventbank.teller";

    private ClientRegistrations() {
    }

    static List<RegisteredClient> of(AuthProperties properties, PasswordEncoder encoder) {
        TokenSettings tokens = TokenSettings.builder()
                .accessTokenTimeToLive(properties.accessTokenTimeToLive())
                .reuseRefreshTokens(false)
                .build();
        AuthProperties.Clients clients = properties.clients();
        ClientSettings pkceWithoutConsent = ClientSettings.builder()
                .requireProofKey(true).requireAuthorizationConsent(false).build();
        RegisteredClient web = RegisteredClient.withId(WEB).clientId(WEB).clientName("Eventbank web banking")
                .clientSecret(encoder.encode(clients.web().secret()))
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                .redirectUris(uris -> uris.addAll(clients.web().redirectUris()))
                .postLogoutRedirectUris(uris -> uris.addAll(clients.web().postLogoutRedirectUris()))
                .scope(OidcScopes.OPENID).scope(OidcScopes.PROFILE)
                .clientSettings(pkceWithoutConsent)
                .tokenSettings(tokens)
                .build();
        RegisteredClient cli = RegisteredClient.withId(CLI).clientId(CLI).clientName("Eventbank scripts and Swagger UI")
                .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUris(uris -> uris.addAll(clients.cli().redirectUris()))
                .scope(OidcScopes.OPENID)
                .clientSettings(pkceWithoutConsent)
                .tokenSettings(tokens)
                .build();
        return List.of(web, cli,
                machine(OPS, "Eventbank operations", clients.ops().secret(), OPS_SCOPE, encoder, tokens),
                machine(TELLER, "Eventbank teller", clients.teller().secret(), TELLER_SCOPE, encoder, tokens));
    }

    private static RegisteredClient machine(String id, String name, String secret, String scope,
            PasswordEncoder encoder, TokenSettings tokens) {
        return RegisteredClient.withId(id).clientId(id).clientName(name)
                .clientSecret(encoder.encode(secret))
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .scope(scope)
                .tokenSettings(tokens)
                .build();
    }
}
