package io.eventbank.transfers;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI transfersOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Eventbank transfers-service")
                        .version("v1")
                        .description("Start money transfers between accounts and follow them: NEW → DEBITED → COMPLETED, "
                                + "NEW → FAILED, DEBITED → REFUND_PENDING → REFUNDED. Send Idempotency-Key to retry safely. "
                                + "Every request needs a bearer token; a customer transfers from their own accounts and "
                                + "reads only the transfers they started (any other id answers 404). "
                                + "Errors are RFC 9457 problems with type https://eventbank.io/problems/<code>."));
    }
}
