package io.eventbank.transfers.transfer.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventbank.events.BankingEvents;
import io.eventbank.testsupport.Http;
import io.eventbank.testsupport.Tokens;
import io.eventbank.transfers.support.TransfersIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * With no accounts-service, every transfer's saga waits: past stuck-after (2 s here) the watchdog
 * lists it and counts it, and an operator re-drives it, which sends its last event again unchanged.
 */
class SagaWatchdogApiTest extends TransfersIntegrationTest {

    @Test
    void listsCountsAndReDrivesATransferWhoseSagaWaitsLongerThanStuckAfter() {
        UUID from = accountOpenedElsewhere();
        UUID to = accountOpenedElsewhere();
        await().atMost(Duration.ofSeconds(30)).until(() -> registryStatus(from) != null && registryStatus(to) != null);
        Http.Response created = asOwner.postJson("/transfers", transferJson(from, to, "5.00"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String transfer = created.json().path("transferId").asString();
        Http ops = http.bearer(Tokens.ops());

        JsonNode listed = await("the transfer listed as stuck").atMost(Duration.ofSeconds(30))
                .until(() -> stuck(ops, transfer), entry -> entry != null);

        assertThat(listed.path("status").asString()).isEqualTo("NEW");
        assertThat(listed.path("version").asInt()).isEqualTo(1);
        assertThat(listed.path("lastEvent").asString()).isEqualTo("MoneyTransferCreated");
        assertThat(listed.path("redrives").asInt()).isZero();
        assertThat(ops.get("/admin/transfers/stuck").json().path("stuckAfter").asString()).isEqualTo("PT2S");
        String metrics = ops.get("/actuator/prometheus").body();
        assertThat(metrics).containsPattern("(?m)^transfers_stuck\\{[^}]*\\} [1-9]");

        Http.Response redriven = ops.post("/admin/transfers/" + transfer + "/redrive");

        assertThat(redriven.status()).as(redriven.toString()).isEqualTo(200);
        assertThat(redriven.json().path("redrives").asInt()).isEqualTo(1);
        List<JsonNode> copies = await("the re-driven copy on the topic").atMost(Duration.ofSeconds(30))
                .until(() -> kafka().envelopesOf(BankingEvents.TRANSFER.topic(), UUID.fromString(transfer)), c -> c.size() == 2);
        assertThat(copies.get(1)).isEqualTo(copies.get(0));
        assertThat(ops.get("/actuator/prometheus").body()).containsPattern("(?m)^transfers_redriven_total\\{[^}]*\\} [1-9]");
    }

    @Test
    void reDrivingAnUnknownTransferAnswers404() {
        Http.Response answer = http.bearer(Tokens.ops()).post("/admin/transfers/" + UUID.randomUUID() + "/redrive");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.errorFields()).containsExactly("transferId");
    }

    private static JsonNode stuck(Http ops, String transfer) {
        JsonNode transfers = ops.get("/admin/transfers/stuck").json().path("transfers");
        return StreamSupport.stream(transfers.spliterator(), false)
                .filter(t -> t.path("transferId").asString().equals(transfer)).findFirst().orElse(null);
    }
}
