package io.eventbank.view;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class AccountViewApplication {

    public static void main(String[] args) {
        SpringApplication.run(AccountViewApplication.class, args);
    }
}
