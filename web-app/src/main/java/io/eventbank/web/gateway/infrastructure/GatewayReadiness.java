package io.eventbank.web.gateway.infrastructure;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code /api/actuator/health/readiness} is web-app's own readiness: a client given {@code /api} as the base of
 * the accounts or transfers API (docker/smoke-test.sh) checks it there before it starts; the API behind answers
 * every other call itself.
 */
@Controller
class GatewayReadiness {

    @GetMapping("/api/actuator/health/readiness")
    String readiness() {
        return "forward:/actuator/health/readiness";
    }
}
