package io.eventbank.auth;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** auth-service: customers, OAuth2 clients and access tokens (port 9000). Configuration: {@code auth-service.yml}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AuthServiceApplication {

    /** Config file base names: an optional {@code application} file, then the packaged {@code auth-service.yml}. */
    public static final String CONFIG_NAME = "application,auth-service";

    public static SpringApplication application() {
        SpringApplication application = new SpringApplication(AuthServiceApplication.class);
        application.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAME));
        return application;
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
