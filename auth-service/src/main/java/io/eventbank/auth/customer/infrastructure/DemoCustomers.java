package io.eventbank.auth.customer.infrastructure;

import io.eventbank.auth.AuthProperties;
import io.eventbank.auth.customer.application.SignUpService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/** Creates the configured demo customers before the service reports ready. */
@Component
class DemoCustomers implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoCustomers.class);

    private final AuthProperties properties;
    private final SignUpService signUp;

    DemoCustomers(AuthProperties properties, SignUpService signUp) {
        this.properties = properties;
        this.signUp = signUp;
    }

    @Override
    public void run(ApplicationArguments args) {
        for (AuthProperties.DemoUser user : properties.demoUsers()) {
            signUp.ensureDemoCustomer(user.username(), user.password());
            log.info("demo customer {} ready", user.username());
        }
    }
}
