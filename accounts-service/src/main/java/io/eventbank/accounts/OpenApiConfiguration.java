package io.eventbank.accounts;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI accountsOpenApi() {
        return new OpenAPI().info(new Info()
                        .title("Eventbank accounts-service")
                        .version("v1")
                        .description("Open, read (now, at a version, as of an instant), audit and close accounts. "
                                + "Money is a decimal with at most two places, answered as a string (\"150.00\"). "
                                + "Every request needs a bearer token (401 without a valid one); an account "
                                + "answers its owner only, anyone else gets the 404 of an unknown id. "
                                + "Errors are RFC 9457 problems with type https://eventbank.io/problems/<code>."));
    }
}
