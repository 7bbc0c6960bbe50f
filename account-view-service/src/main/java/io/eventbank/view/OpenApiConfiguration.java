package io.eventbank.view;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI accountViewOpenApi() {
        return new OpenAPI()
                .info(new Info()
                .title("Eventbank account-view-service")
                .version("v1")
                .description("Query side: account and transfer views with min-version reads "
                        + "(409 view-not-up-to-date with currentVersion and Retry-After when the view stays older), "
                        + "paged account changes, the caller's own accounts (GET /me/accounts), and a rebuild operation "
                        + "(scope eventbank.ops). Every request needs a bearer token; an account or transfer of "
                        + "anybody else answers exactly as an unknown id. Money is a decimal "
                        + "string (\"150.00\"). Errors are RFC 9457 problems with type "
                        + "https://eventbank.io/problems/<code>."));
    }
}
