package io.eventbank.support.autoconfigure;

import io.eventbank.support.security.CallerArgumentResolver;
import io.eventbank.support.security.ProblemSecurityHandlers;
import io.eventbank.support.security.Scopes;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.util.StringUtils;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Makes a service an OAuth2 resource server with the Eventbank rules (docs/security.md):
 * <ul>
 * <li>every request needs a valid JWT except health (liveness, readiness and the summary, details
 *     only for {@code eventbank.ops}) and the OpenAPI document and Swagger UI;</li>
 * <li>{@code /admin/**} and every other Actuator endpoint need scope {@code eventbank.ops};</li>
 * <li>a token is valid when signed RS256 by the configured key, unexpired, from
 *     {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} and for one of its
 *     {@code audiences} (both required). The key is {@code public-key-location} if set, else the
 *     JWKS at {@code jwk-set-uri}, else the issuer's discovered JWKS; the last two are fetched on
 *     the first token, so a service starts while the issuer is down;</li>
 * <li>stateless, no CSRF (bearer tokens only, no cookies), CORS only for
 *     {@code eventbank.security.cors-allowed-origins}; 401 and 403 are problems.</li>
 * </ul>
 * Controllers take a {@link io.eventbank.support.security.Caller} parameter for the token's subject.
 */
@AutoConfiguration(before = {OAuth2ResourceServerAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class,
        ManagementWebSecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableWebSecurity
@EnableConfigurationProperties({ApiSecurityProperties.class, OAuth2ResourceServerProperties.class})
public class ApiSecurityAutoConfiguration {

    private static final String[] ANONYMOUS = {
            "/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness",
            "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**", "/error"};

    @Bean
    @ConditionalOnMissingBean(SecurityFilterChain.class)
    SecurityFilterChain eventbankApiSecurity(HttpSecurity http, ApiSecurityProperties properties) throws Exception {
        ProblemSecurityHandlers problems = new ProblemSecurityHandlers();
        String ops = Scopes.authority(Scopes.OPS);
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.GET, ANONYMOUS).permitAll()
                        .requestMatchers("/admin/**", "/actuator/**").hasAuthority(ops)
                        .anyRequest().authenticated())
                .oauth2ResourceServer(resource -> resource.jwt(jwt -> { })
                        .authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .cors(cors -> cors.configurationSource(cors(properties)));
        return http.build();
    }

    private static CorsConfigurationSource cors(ApiSecurityProperties properties) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        if (!properties.corsAllowedOrigins().isEmpty()) {
            CorsConfiguration configuration = new CorsConfiguration();
            configuration.setAllowedOrigins(properties.corsAllowedOrigins());
            configuration.setAllowedMethods(List.of("GET", "POST"));
            configuration.setAllowedHeaders(List.of("Authorization", "Content-Type", "Idempotency-Key",
                    "X-Correlation-Id", "If-None-Match"));
            configuration.setExposedHeaders(List.of("Location", "ETag", "Retry-After", "Idempotent-Replayed",
                    "X-Correlation-Id"));
            configuration.setAllowCredentials(false);
            source.registerCorsConfiguration("/**", configuration);
        }
        return source;
    }

    @Bean
    @ConditionalOnMissingBean(JwtDecoder.class)
    JwtDecoder eventbankJwtDecoder(OAuth2ResourceServerProperties properties) throws Exception {
        OAuth2ResourceServerProperties.Jwt jwt = properties.getJwt();
        String issuer = jwt.getIssuerUri();
        if (!StringUtils.hasText(issuer) || jwt.getAudiences().isEmpty()) {
            throw new IllegalStateException("Set spring.security.oauth2.resourceserver.jwt.issuer-uri and "
                    + "spring.security.oauth2.resourceserver.jwt.audiences: every token's iss and aud are checked");
        }
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(new JwtIssuerValidator(issuer));
        List<String> audiences = List.copyOf(jwt.getAudiences());
        validators.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                aud -> aud != null && aud.stream().anyMatch(audiences::contains)));
        OAuth2TokenValidator<Jwt> validator = JwtValidators.createDefaultWithValidators(validators);
        if (jwt.getPublicKeyLocation() != null) {
            String pem = jwt.readPublicKey().replace("-----BEGIN PUBLIC KEY-----", "")
                    .replace("-----END PUBLIC KEY-----", "");
            RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getMimeDecoder().decode(pem)));
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(key).signatureAlgorithm(SignatureAlgorithm.RS256)
                    .build();
            decoder.setJwtValidator(validator);
            return decoder;
        }
        if (StringUtils.hasText(jwt.getJwkSetUri())) {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwt.getJwkSetUri())
                    .jwsAlgorithm(SignatureAlgorithm.RS256).build();
            decoder.setJwtValidator(validator);
            return decoder;
        }
        return new SupplierJwtDecoder(() -> {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(issuer).build();
            decoder.setJwtValidator(validator);
            return decoder;
        });
    }

    @Bean
    WebMvcConfigurer eventbankCallerResolver() {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new CallerArgumentResolver());
            }
        };
    }
}
