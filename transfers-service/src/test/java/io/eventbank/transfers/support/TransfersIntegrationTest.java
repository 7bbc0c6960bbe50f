package io.eventbank.transfers.support;

import io.eventbank.events.BankingEvents;
import io.eventbank.events.Money;
import io.eventbank.events.account.AccountOpened;
import io.eventbank.testsupport.CommandServiceIntegrationTest;
import io.eventbank.testsupport.Http;
import io.eventbank.testsupport.Tokens;
import io.eventbank.transfers.TransfersApplication;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * transfers-service alone on a random port; account events are fed onto its input topic by the
 * tests. Every subclass shares one application context.
 */
@SpringBootTest(classes = TransfersApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=application,transfers-service", "eventbank.eventstore.publisher.poll-interval=100ms",
                "eventbank.transfers.registry.wait-for-account=3s",
                // nothing debits here (no accounts-service): every transfer waits; none is re-driven by itself
                "eventbank.transfers.watchdog.stuck-after=2s", "eventbank.transfers.watchdog.check-interval=250ms",
                "eventbank.transfers.watchdog.redrive=false"})
public abstract class TransfersIntegrationTest extends CommandServiceIntegrationTest {

    /** The customer who owns the accounts of {@link #accountOpenedElsewhere()}. */
    protected static final String OWNER = "owner";

    /** {@link #http} with {@link #OWNER}'s token. */
    protected Http asOwner;

    @BeforeEach
    void connectAsOwner() {
        asOwner = http.bearer(Tokens.customer(OWNER));
    }

    /** {@link #http} with a token of {@code customerId}. */
    protected Http as(String customerId) {
        return http.bearer(Tokens.customer(customerId));
    }

    /** Publishes AccountOpened for a new account of {@link #OWNER}, as accounts-service would, and returns the id. */
    protected UUID accountOpenedElsewhere() {
        return accountOpenedElsewhere(OWNER);
    }

    /** Publishes AccountOpened for a new account of {@code ownerId}, as accounts-service would, and returns the id. */
    protected UUID accountOpenedElsewhere(String ownerId) {
        UUID id = UUID.randomUUID();
        kafka().publish(BankingEvents.ACCOUNT, id, 1, new AccountOpened(ownerId, "t", Money.of("100.00")), "c");
        return id;
    }

    protected String registryOwner(UUID accountId) {
        return jdbc.sql("select owner_id from account_registry where account_id = :id").param("id", accountId)
                .query(String.class).optional().orElse(null);
    }

    protected String registryStatus(UUID accountId) {
        return jdbc.sql("select status from account_registry where account_id = :id").param("id", accountId)
                .query(String.class).optional().orElse(null);
    }

    protected static String transferJson(UUID from, UUID to, String amount) {
        return "{\"fromAccountId\":\"" + from + "\",\"toAccountId\":\"" + to + "\",\"amount\":" + amount
                + ",\"description\":\"test\"}";
    }
}
