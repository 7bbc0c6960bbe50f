package io.eventbank.accounts.support;

import io.eventbank.accounts.AccountsApplication;
import io.eventbank.testsupport.CommandServiceIntegrationTest;
import io.eventbank.testsupport.Http;
import io.eventbank.testsupport.Tokens;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * accounts-service on a random port; every subclass shares one application context. Each test has a
 * customer of its own ({@link #ownerId}, signed in as {@link #owner}) for whom {@link #openAccount}
 * opens accounts through the {@link #teller}.
 */
@SpringBootTest(classes = AccountsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=application,accounts-service", "eventbank.eventstore.publisher.poll-interval=100ms"})
public abstract class AccountsIntegrationTest extends CommandServiceIntegrationTest {

    /** This test's customer: the owner of the accounts {@link #openAccount} opens. */
    protected String ownerId;
    /** Requests as {@link #ownerId}. */
    protected Http owner;
    /** Requests as the teller client (scope eventbank.teller). */
    protected Http teller;
    /** Requests as the operations client (scope eventbank.ops). */
    protected Http ops;

    @BeforeEach
    protected void signIn() {
        ownerId = newCustomerId();
        owner = asCustomer(ownerId);
        teller = http.bearer(Tokens.teller());
        ops = http.bearer(Tokens.ops());
    }

    protected static String newCustomerId() {
        return "customer-" + UUID.randomUUID();
    }

    /** Requests as customer {@code customerId}. */
    protected Http asCustomer(String customerId) {
        return http.bearer(Tokens.customer(customerId));
    }

    /** Opens an account of {@link #ownerId} with this balance (as the teller, who may give one). */
    protected UUID openAccount(String balance) {
        return openAccountFor(ownerId, balance);
    }

    /** Opens an account of {@code customerId} with this balance, as the teller. */
    protected UUID openAccountFor(String customerId, String balance) {
        Http.Response response = teller.postJson("/accounts",
                "{\"ownerId\":\"" + customerId + "\",\"title\":\"Test\",\"initialBalance\":\"" + balance + "\"}");
        if (response.status() != 201) {
            throw new AssertionError("open failed: " + response);
        }
        return UUID.fromString(response.json().path("accountId").asString());
    }
}
