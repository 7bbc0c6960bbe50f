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
                        + "Errors are RFC 9457 problems with type https://eventbank.io/problems/<code>."));
    }
}
