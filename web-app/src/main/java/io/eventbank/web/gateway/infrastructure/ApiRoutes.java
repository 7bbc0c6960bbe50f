package io.eventbank.web.gateway.infrastructure;

import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.removeRequestHeader;
import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.stripPrefix;
import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.uri;
import static org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions.route;
import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;

import io.eventbank.web.WebProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * One origin for programs too: {@code /api/accounts/**} to accounts-service ({@code /accounts/**}),
 * {@code /api/transfers/**} to transfers-service and {@code /api/views/**} to account-view-service (its
 * {@code /accounts/**}, {@code /transfers/**}, {@code /me/accounts}). The {@code Authorization} header passes
 * through untouched: the APIs check the bearer token. Browser cookies do not: a session never becomes a token.
 */
@Configuration(proxyBeanMethods = false)
class ApiRoutes {

    static final String ACCOUNTS = "/api/accounts";
    static final String TRANSFERS = "/api/transfers";
    static final String VIEWS = "/api/views";

    @Bean
    RouterFunction<ServerResponse> accountsRoute(WebProperties properties) {
        return route("accounts-api")
                .route(RequestPredicates.path(ACCOUNTS).or(RequestPredicates.path(ACCOUNTS + "/**")), http())
                .before(uri(properties.apis().accounts()))
                .before(stripPrefix(1))
                .before(removeRequestHeader(HttpHeaders.COOKIE))
                .build();
    }

    @Bean
    RouterFunction<ServerResponse> transfersRoute(WebProperties properties) {
        return route("transfers-api")
                .route(RequestPredicates.path(TRANSFERS).or(RequestPredicates.path(TRANSFERS + "/**")), http())
                .before(uri(properties.apis().transfers()))
                .before(stripPrefix(1))
                .before(removeRequestHeader(HttpHeaders.COOKIE))
                .build();
    }

    @Bean
    RouterFunction<ServerResponse> viewsRoute(WebProperties properties) {
        return route("views-api")
                .route(RequestPredicates.path(VIEWS + "/**"), http())
                .before(uri(properties.apis().views()))
                .before(stripPrefix(2))
                .before(removeRequestHeader(HttpHeaders.COOKIE))
                .build();
    }
}
