package io.eventbank.transfers.registry.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventbank.transfers.registry.application.AccountRegistry;
import io.eventbank.transfers.registry.application.AccountRegistry.RegisteredAccount;
import io.eventbank.transfers.registry.application.AccountRegistry.Status;
import io.eventbank.transfers.support.TransfersIntegrationTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The registry table itself (PostgreSQL): what a replayed, duplicated or re-driven account event does to a row. */
class JdbcAccountRegistryTest extends TransfersIntegrationTest {

    @Autowired
    AccountRegistry registry;

    @Test
    void recordsTheOwnerOfAnOpenedAccount() {
        UUID account = UUID.randomUUID();
        registry.record(account, Status.OPEN, "erin", 1);
        assertThat(registry.find(List.of(account)))
                .containsEntry(account, new RegisteredAccount(account, Status.OPEN, "erin"));
    }

    @Test
    void aClosingKeepsTheOwnerAndARepeatedOpeningChangesNothing() {
        UUID account = UUID.randomUUID();
        registry.record(account, Status.OPEN, "erin", 1);
        registry.record(account, Status.CLOSED, null, 2);
        registry.record(account, Status.OPEN, "mallory", 1);
        registry.record(account, Status.OPEN, "erin", 1);
        assertThat(registry.find(List.of(account)).get(account))
                .isEqualTo(new RegisteredAccount(account, Status.CLOSED, "erin"));
        assertThat(registryVersion(account)).isEqualTo(2);
    }

    /** The subscription drops an older version, but a re-driven dead letter is applied after later versions. */
    @Test
    void anOpeningAppliedAfterTheClosingFillsTheOwnerWithoutReopeningIt() {
        UUID account = UUID.randomUUID();
        registry.record(account, Status.CLOSED, null, 2);
        assertThat(registry.find(List.of(account)).get(account).ownerId()).isNull();
        registry.record(account, Status.OPEN, "frank", 1);
        assertThat(registry.find(List.of(account)).get(account))
                .isEqualTo(new RegisteredAccount(account, Status.CLOSED, "frank"));
        assertThat(registryVersion(account)).isEqualTo(2);
    }

    @Test
    void aRowWithoutOwnerBelongsToNobody() {
        UUID account = UUID.randomUUID();
        jdbc.sql("insert into account_registry (account_id, status, version, updated_at) values (:id, 'OPEN', 1, now())")
                .param("id", account).update();
        RegisteredAccount legacy = registry.find(List.of(account)).get(account);
        assertThat(legacy.ownerId()).isNull();
        assertThat(legacy.ownedBy("erin")).isFalse();
        assertThat(legacy.ownedBy(null)).isFalse();
    }

    @Test
    void findsOnlyKnownAccounts() {
        UUID known = UUID.randomUUID();
        registry.record(known, Status.OPEN, "erin", 1);
        assertThat(registry.find(List.of(known, UUID.randomUUID())).keySet()).containsExactly(known);
        assertThat(registry.find(List.of())).isEmpty();
    }

    private int registryVersion(UUID account) {
        return jdbc.sql("select version from account_registry where account_id = :id").param("id", account)
                .query(Integer.class).single();
    }
}
