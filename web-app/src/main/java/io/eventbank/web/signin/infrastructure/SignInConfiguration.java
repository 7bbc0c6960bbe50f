package io.eventbank.web.signin.infrastructure;

import io.eventbank.web.WebProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Backend-for-frontend sign-in: OAuth2 login (authorization code + PKCE) against auth-service, the tokens
 * kept in the server-side session, the browser holding only the session cookie; CSRF tokens on every form;
 * sign-out ends the auth-service session too (OpenID Connect RP-initiated logout). {@code /api/**} is a
 * separate, stateless chain: it forwards bearer tokens and never reads the session.
 */
@Configuration(proxyBeanMethods = false)
public class SignInConfiguration {

    /** The registration of auth-service in this app, the last segment of {@code /oauth2/authorization/eventbank}. */
    public static final String REGISTRATION_ID = "eventbank";
    static final String AUTHORIZATION_BASE = "/oauth2/authorization";
    public static final String SIGN_IN_PATH = AUTHORIZATION_BASE + "/" + REGISTRATION_ID;
    /** {@code ?prompt=create} on the sign-in path: auth-service opens its sign-up form (OpenID Connect's prompt). */
    public static final String SIGN_UP_PATH = SIGN_IN_PATH + "?prompt=create";
    static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'self'";

    @Bean
    @Order(1)
    SecurityFilterChain apiRouteSecurity(HttpSecurity http) {
        http.securityMatcher("/api/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .securityContext(context -> context.disable());
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain pageSecurity(HttpSecurity http, ClientRegistrationRepository registrations) {
        OidcClientInitiatedLogoutSuccessHandler signedOut = new OidcClientInitiatedLogoutSuccessHandler(registrations);
        signedOut.setPostLogoutRedirectUri("{baseUrl}/?signedOut");
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/", "/signup", "/error", "/app.css", "/webjars/**", "/favicon.ico",
                                "/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")
                        .permitAll()
                        .anyRequest().authenticated())
                .oauth2Login(login -> login
                        .loginPage(SIGN_IN_PATH)
                        .authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(
                                signInOrSignUp(registrations)))
                        .defaultSuccessUrl("/accounts"))
                .logout(logout -> logout.logoutSuccessHandler(signedOut))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY)));
        return http.build();
    }

    /** Sign-in as usual; with {@code ?prompt=create}, the same request asking auth-service for its sign-up form. */
    static OAuth2AuthorizationRequestResolver signInOrSignUp(ClientRegistrationRepository registrations) {
        DefaultOAuth2AuthorizationRequestResolver signIn = new DefaultOAuth2AuthorizationRequestResolver(
                registrations, AUTHORIZATION_BASE);
        DefaultOAuth2AuthorizationRequestResolver signUp = new DefaultOAuth2AuthorizationRequestResolver(
                registrations, AUTHORIZATION_BASE);
        signUp.setAuthorizationRequestCustomizer(request -> request.additionalParameters(p -> p.put("prompt", "create")));
        return new OAuth2AuthorizationRequestResolver() {
            @Override
            public OAuth2AuthorizationRequest resolve(HttpServletRequest request) {
                return pick(request).resolve(request);
            }

            @Override
            public OAuth2AuthorizationRequest resolve(HttpServletRequest request, String clientRegistrationId) {
                return pick(request).resolve(request, clientRegistrationId);
            }

            private DefaultOAuth2AuthorizationRequestResolver pick(HttpServletRequest request) {
                return "create".equals(request.getParameter("prompt")) ? signUp : signIn;
            }
        };
    }

    /**
     * auth-service without discovery at start: the browser is sent to {@link WebProperties.Auth#browserSide()},
     * this server talks to {@link WebProperties.Auth#serverSide()}; ID tokens must name the issuer.
     */
    @Bean
    ClientRegistrationRepository clientRegistrations(WebProperties properties) {
        WebProperties.Auth auth = properties.auth();
        String browser = trimSlash(auth.browserSide().toString());
        String server = trimSlash(auth.serverSide().toString());
        ClientRegistration eventbank = ClientRegistration.withRegistrationId(REGISTRATION_ID)
                .clientName("Eventbank")
                .clientId(auth.clientId())
                .clientSecret(auth.clientSecret())
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .scope(OidcScopes.OPENID, OidcScopes.PROFILE)
                .authorizationUri(browser + "/oauth2/authorize")
                .tokenUri(server + "/oauth2/token")
                .jwkSetUri(server + "/oauth2/jwks")
                .issuerUri(auth.issuer().toString())
                .userNameAttributeName(IdTokenClaimNames.SUB)
                .providerConfigurationMetadata(Map.of("end_session_endpoint", browser + "/connect/logout"))
                .clientSettings(ClientRegistration.ClientSettings.builder().requireProofKey(true).build())
                .build();
        return new InMemoryClientRegistrationRepository(eventbank);
    }

    private static String trimSlash(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }
}
