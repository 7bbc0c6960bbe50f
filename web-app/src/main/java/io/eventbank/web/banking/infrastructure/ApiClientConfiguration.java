package io.eventbank.web.banking.infrastructure;

import io.eventbank.web.WebProperties;
import io.eventbank.web.banking.application.BankApi;
import io.eventbank.web.signin.infrastructure.SignInConfiguration;
import java.net.http.HttpClient;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The APIs' client: the signed-in customer's access token on every request, a connect timeout and a read
 * timeout longer than the longest view wait. The authorized-client manager is Spring Security's own: it
 * refreshes an expired access token with the refresh token and, doing so, the signed-in user's ID token
 * (which sign-out hands back to auth-service).
 */
@Configuration(proxyBeanMethods = false)
public class ApiClientConfiguration {

    @Bean
    BankApi bankApi(RestClient.Builder builder, OAuth2AuthorizedClientManager clients, WebProperties properties,
            JsonMapper json) {
        OAuth2ClientHttpRequestInterceptor tokens = new OAuth2ClientHttpRequestInterceptor(clients);
        tokens.setClientRegistrationIdResolver(request -> SignInConfiguration.REGISTRATION_ID);
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
        Duration longestWait = properties.progressWait().compareTo(properties.viewWait()) > 0
                ? properties.progressWait() : properties.viewWait();
        factory.setReadTimeout(longestWait.plusSeconds(15));
        return new RestBankApi(builder.clone().requestFactory(factory).requestInterceptor(tokens), properties, json);
    }
}
