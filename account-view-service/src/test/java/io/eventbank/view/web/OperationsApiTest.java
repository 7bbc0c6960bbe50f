package io.eventbank.view.web;

import static io.eventbank.view.TestEvents.account;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.eventbank.events.Money;
import io.eventbank.events.account.AccountClosed;
import io.eventbank.events.account.AccountOpened;
import io.eventbank.testsupport.Http;
import io.eventbank.testsupport.Tokens;
import io.eventbank.view.ViewServiceTest;
import io.eventbank.view.projection.application.LiveProjection;
import io.eventbank.view.projection.application.VersionGapException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@ViewServiceTest
class OperationsApiTest {

    @Autowired
    LiveProjection projection;

    @Autowired
    MeterRegistry meters;

    @LocalServerPort
    int port;

    @Test
    void readinessIncludesMongoDbKafkaAndTheSubscriptions() {
        Http.Response answer = await().atMost(Duration.ofSeconds(30))
                .until(() -> Http.localhost(port).bearer(Tokens.ops()).get("/actuator/health/readiness"),
                        a -> a.status() == 200);

        JsonNode body = answer.json();
        assertThat(body.get("status").asString()).isEqualTo("UP");
        assertThat(body.get("components").get("mongo").get("status").asString()).isEqualTo("UP");
        assertThat(body.get("components").get("kafka").get("status").asString()).isEqualTo("UP");
        assertThat(body.get("components").get("eventSubscriptions").get("status").asString()).isEqualTo("UP");
        assertThat(body.get("components").get("viewStore").get("status").asString()).isEqualTo("UP");
    }

    @Test
    void aGapIsCountedAndAnAppliedEventRecordsItsLag() {
        double gapsBefore = meters.counter("view.version.gaps").count();
        long lagsBefore = meters.timer("view.lag").count();
        UUID id = UUID.randomUUID();
        projection.onAccountEvent(account(id, 1, new AccountOpened("o", "t", Money.of("1.00"))));

        assertThatThrownBy(() -> projection.onAccountEvent(account(id, 3, new AccountClosed(""))))
                .isInstanceOf(VersionGapException.class);

        assertThat(meters.counter("view.version.gaps").count()).isEqualTo(gapsBefore + 1);
        assertThat(meters.timer("view.lag").count()).isEqualTo(lagsBefore + 1);
        String prometheus = Http.localhost(port).bearer(Tokens.ops()).get("/actuator/prometheus").body();
        assertThat(prometheus).contains("view_version_gaps_total").contains("view_lag_seconds_count");
    }

    @Test
    void mongoCommandsAreNotTimedByDefault() {
        UUID id = UUID.randomUUID();
        projection.onAccountEvent(account(id, 1, new AccountOpened("o", "t", Money.of("1.00"))));
        assertThat(Http.localhost(port).bearer(Tokens.customer("o")).get("/accounts/" + id).status()).isEqualTo(200);

        assertThat(meters.find("mongodb.driver.commands").meters()).isEmpty();
        assertThat(meters.find("mongodb.driver.pool.size").meters()).isNotEmpty();
    }

    @Test
    void publishesAnOpenApiDocumentOfTheReadEndpoints() {
        Http.Response answer = Http.localhost(port).get("/v3/api-docs");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("paths").propertyNames())
                .contains("/accounts/{accountId}", "/accounts/{accountId}/changes", "/me/accounts",
                        "/transfers/{transferId}", "/admin/rebuild", "/admin/rebuild/{rebuildId}");
    }

    @Test
    void anUnknownRebuildIsNotFound() {
        assertThat(Http.localhost(port).bearer(Tokens.ops()).get("/admin/rebuild/" + UUID.randomUUID()).status()).isEqualTo(404);
    }
}
