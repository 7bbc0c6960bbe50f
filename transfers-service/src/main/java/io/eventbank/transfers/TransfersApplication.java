package io.eventbank.transfers;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** transfers-service: the MoneyTransfer saga (command side) (port 8082). Configuration: {@code transfers-service.yml}. */
@SpringBootApplication
public class TransfersApplication {

    /**
     * Config file base names: {@code application} (optional, e.g. in {@code ./config/}) then
     * {@code transfers-service.yml}, the packaged defaults; distinct per service so that several
     * services can share one classpath (the end-to-end tests do).
     */
    public static final String CONFIG_NAME = "application,transfers-service";

    public static SpringApplication application() {
        SpringApplication application = new SpringApplication(TransfersApplication.class);
        application.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAME));
        return application;
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
