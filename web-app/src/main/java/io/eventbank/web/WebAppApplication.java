package io.eventbank.web;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Customers' web banking on port 8080: pages, sign-in through auth-service, and {@code /api/**} to the three APIs. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class WebAppApplication {

    public static final String CONFIG_NAME = "application,web-app";

    public static SpringApplication application() {
        SpringApplication application = new SpringApplication(WebAppApplication.class);
        application.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAME));
        return application;
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
