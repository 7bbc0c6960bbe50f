package io.eventbank.auth.authorization.infrastructure;

import static org.springframework.security.config.Customizer.withDefaults;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.eventbank.auth.AuthProperties;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Spring Authorization Server with OpenID Connect: clients, authorizations and consents in
 * PostgreSQL, access tokens signed with the kept RS256 key and addressed to the APIs' audience.
 * Two filter chains: the protocol endpoints (bearer-only, CSRF off, CORS from the allow-list), and
 * the pages customers use (sign-in and sign-up forms with CSRF protection).
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationServerConfiguration {

    /**
     * An authorization request with {@code prompt=create} (OpenID Connect's "Initiating User Registration")
     * shows the sign-up form; signed up and in, the customer continues that same request.
     */
    static final RequestMatcher ASKS_FOR_SIGN_UP = request -> "create".equals(request.getParameter("prompt"));

    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; frame-ancestors 'none'; object-src 'none'";

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServerEndpoints(HttpSecurity http) {
        OAuth2AuthorizationServerConfigurer server = new OAuth2AuthorizationServerConfigurer();
        http.securityMatcher(server.getEndpointsMatcher())
                .with(server, configurer -> configurer.oidc(withDefaults()))
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .cors(withDefaults())
                .exceptionHandling(exceptions -> exceptions
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/signup"),
                                new AndRequestMatcher(ASKS_FOR_SIGN_UP, new MediaTypeRequestMatcher(MediaType.TEXT_HTML)))
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"),
                                new MediaTypeRequestMatcher(MediaType.TEXT_HTML)))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY)));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain customerPages(HttpSecurity http) {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness",
                                "/login", "/signup", "/error", "/auth.css").permitAll()
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/login").permitAll())
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY)));
        return http.build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    RegisteredClientRepository registeredClientRepository(JdbcOperations jdbc) {
        return new JdbcRegisteredClientRepository(jdbc);
    }

    /** Writes the configured clients (new secrets and redirects included) before the service reports ready. */
    @Bean
    ApplicationRunner registeredClientsFromConfiguration(RegisteredClientRepository clients, AuthProperties properties,
            PasswordEncoder encoder) {
        return args -> ClientRegistrations.of(properties, encoder).forEach(clients::save);
    }

    @Bean
    OAuth2AuthorizationService authorizationService(JdbcOperations jdbc, RegisteredClientRepository clients) {
        return new JdbcOAuth2AuthorizationService(jdbc, clients);
    }

    @Bean
    OAuth2AuthorizationConsentService authorizationConsentService(JdbcOperations jdbc, RegisteredClientRepository clients) {
        return new JdbcOAuth2AuthorizationConsentService(jdbc, clients);
    }

    @Bean
    JWKSource<SecurityContext> jwkSource(AuthProperties properties) {
        return new ImmutableJWKSet<>(new JWKSet(SigningKeyFile.loadOrCreate(properties.signingKeyFile())));
    }

    /**
     * Access tokens are for the APIs: {@code aud} is the configured audience (ID tokens keep the client's). A
     * mutable list: the claims are stored with the authorization, and reading them back (sign-out, refresh)
     * accepts only the collection types Spring Security's JSON mapping allows.
     */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> audienceOfAccessTokens(AuthProperties properties) {
        return context -> {
            if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
                context.getClaims().audience(new ArrayList<>(List.of(properties.audience())));
            }
        };
    }

    @Bean
    CorsConfigurationSource corsConfigurationSource(AuthProperties properties) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        if (!properties.corsAllowedOrigins().isEmpty()) {
            CorsConfiguration cors = new CorsConfiguration();
            cors.setAllowedOrigins(properties.corsAllowedOrigins());
            cors.setAllowedMethods(List.of("GET", "POST"));
            cors.setAllowedHeaders(List.of("Authorization", "Content-Type"));
            cors.setMaxAge(3600L);
            source.registerCorsConfiguration("/oauth2/**", cors);
            source.registerCorsConfiguration("/.well-known/**", cors);
            source.registerCorsConfiguration("/userinfo", cors);
        }
        return source;
    }
}
