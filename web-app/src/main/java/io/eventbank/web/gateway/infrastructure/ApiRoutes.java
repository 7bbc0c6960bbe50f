package io.eventbank.web.gateway.infrastructure;

import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.removeRequestHeader;
import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.stripPrefix;
import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.uri;
import static org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions.route;
import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;

import io.eventbank.web.WebProperties;
import java.net.URI;
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
        return to("accounts-api", ACCOUNTS, properties.apis().accounts(), 1);
    }

    @Bean
    RouterFunction<ServerResponse> transfersRoute(WebProperties properties) {
        return to("transfers-api", TRANSFERS, properties.apis().transfers(), 1);
    }

    @Bean
    RouterFunction<ServerResponse> viewsRoute(WebProperties properties) {
        return to("views-api", VIEWS, properties.apis().views(), 2);
    }

    /** {@code prefix} and everything below it to {@code target}, without the first {@code strip} path segments. */
    private static RouterFunction<ServerResponse> to(String id, String prefix, URI target, int strip) {
        return route(id)
                .route(RequestPredicates.path(prefix).or(RequestPredicates.path(prefix + "/**")), http())
                .before(uri(target))
                .before(stripPrefix(strip))
                .before(removeRequestHeader(HttpHeaders.COOKIE))
                .build();
    }
}
