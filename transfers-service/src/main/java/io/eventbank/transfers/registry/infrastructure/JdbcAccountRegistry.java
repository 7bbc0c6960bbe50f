package io.eventbank.transfers.registry.infrastructure;

import io.eventbank.transfers.registry.application.AccountRegistry;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Table {@code account_registry}: one row per account, updated only by a newer account version. */
@Repository
public class JdbcAccountRegistry implements AccountRegistry {

    private final JdbcClient jdbc;

    public JdbcAccountRegistry(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void record(UUID accountId, Status status, int version) {
        jdbc.sql("""
                insert into account_registry (account_id, status, version, updated_at)
                values (:id, :status, :version, now())
                on conflict (account_id) do update
                   set status = excluded.status, version = excluded.version, updated_at = now()
                 where account_registry.version < excluded.version
                """)
                .param("id", accountId)
                .param("status", status.name())
                .param("version", version)
                .update();
    }

    @Override
    public Set<UUID> known(Collection<UUID> accountIds) {
        if (accountIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("select account_id from account_registry where account_id = any(:ids::uuid[])")
                .param("ids", accountIds.stream().map(UUID::toString).toArray(String[]::new))
                .query(UUID.class)
                .list());
    }

    @Override
    public Optional<Status> status(UUID accountId) {
        return jdbc.sql("select status from account_registry where account_id = :id")
                .param("id", accountId)
                .query(String.class)
                .optional()
                .map(Status::valueOf);
    }
}
