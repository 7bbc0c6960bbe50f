package io.eventbank.eventstore.testing;

import io.eventbank.eventstore.jdbc.JdbcEventStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/** Event rows written by hand, as the store writes them, for publisher tests that control commit order. */
public final class EventRows {

    private EventRows() {
    }

    /** Inserts one event as the store does (without committing); returns its position. */
    public static long insertEvent(Connection c, String aggregateType, UUID eventId, UUID aggregateId, int version,
                                   String eventType, String payload, String metadata) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                insert into es_events (event_id, aggregate_type, aggregate_id, version, event_type, payload, metadata)
                values (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb) returning position""")) {
            ps.setObject(1, eventId);
            ps.setString(2, aggregateType);
            ps.setObject(3, aggregateId);
            ps.setInt(4, version);
            ps.setString(5, eventType);
            ps.setString(6, payload);
            ps.setString(7, metadata);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Commits as the store's append does: NOTIFY in the same transaction. */
    public static void notifyAndCommit(Connection c) throws SQLException {
        try (var s = c.createStatement()) {
            s.execute("select pg_notify('" + JdbcEventStore.NOTIFY_CHANNEL + "', '')");
        }
        c.commit();
    }
}
