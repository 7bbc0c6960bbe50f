package io.eventbank.accounts.support;

import io.eventbank.accounts.AccountsApplication;
import io.eventbank.testsupport.CommandServiceIntegrationTest;
import io.eventbank.testsupport.Http;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;

/** accounts-service on a random port; every subclass shares one application context. */
@SpringBootTest(classes = AccountsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=application,accounts-service", "eventbank.eventstore.publisher.poll-interval=100ms"})
public abstract class AccountsIntegrationTest extends CommandServiceIntegrationTest {

    protected UUID openAccount(String balance) {
        Http.Response response = http.postJson("/accounts",
                "{\"ownerId\":\"owner-" + UUID.randomUUID() + "\",\"title\":\"Test\",\"initialBalance\":\"" + balance + "\"}");
        if (response.status() != 201) {
            throw new AssertionError("open failed: " + response);
        }
        return UUID.fromString(response.json().path("accountId").asString());
    }
}
