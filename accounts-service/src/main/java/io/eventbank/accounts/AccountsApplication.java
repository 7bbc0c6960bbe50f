package io.eventbank.accounts;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** accounts-service: the Account aggregate's command side (port 8081). Configuration: {@code accounts-service.yml}. */
@SpringBootApplication
public class AccountsApplication {

    /**
     * Config file base names: {@code application} (optional, e.g. in {@code ./config/}) then
     * {@code accounts-service.yml}, the packaged defaults; distinct per service so that several
     * services can share one classpath (the end-to-end tests do).
     */
    public static final String CONFIG_NAME = "application,accounts-service";

    public static SpringApplication application() {
        SpringApplication application = new SpringApplication(AccountsApplication.class);
        application.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAME));
        return application;
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
