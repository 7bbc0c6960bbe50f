package io.eventbank.transfers.registry.infrastructure;

import io.eventbank.transfers.registry.application.AccountRegistry;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Table {@code account_registry}: one row per account; status and version change only with a newer
 * account version, the owner (which never changes) is filled once, by whichever event names it.
 */
@Repository
public class JdbcAccountRegistry implements AccountRegistry {

    private final JdbcClient jdbc;

    public JdbcAccountRegistry(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void record(UUID accountId, Status status, String ownerId, int version) {
        jdbc.sql("""
                insert into account_registry (account_id, status, owner_id, version, updated_at)
                values (:id, :status, :owner, :version, now())
                on conflict (account_id) do update
                   set status = case when account_registry.version < excluded.version
                                     then excluded.status else account_registry.status end,
                       version = greatest(account_registry.version, excluded.version),
                       owner_id = coalesce(account_registry.owner_id, excluded.owner_id),
                       updated_at = now()
                 where account_registry.version < excluded.version
                    or (account_registry.owner_id is null and excluded.owner_id is not null)
                """)
                .param("id", accountId)
                .param("status", status.name())
                .param("owner", ownerId)
                .param("version", version)
                .update();
    }

    @Override
    public Map<UUID, RegisteredAccount> find(Collection<UUID> accountIds) {
        if (accountIds.isEmpty()) {
            return Map.of();
        }
        Map<UUID, RegisteredAccount> found = new HashMap<>();
        jdbc.sql("select account_id, status, owner_id from account_registry where account_id = any(:ids::uuid[])")
                .param("ids", accountIds.stream().map(UUID::toString).toArray(String[]::new))
                .query((rs, row) -> new RegisteredAccount(rs.getObject("account_id", UUID.class),
                        Status.valueOf(rs.getString("status")), rs.getString("owner_id")))
                .list()
                .forEach(account -> found.put(account.accountId(), account));
        return found;
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
