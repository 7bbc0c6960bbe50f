package io.eventbank.transfers.transfer.infrastructure;

import io.eventbank.events.BankingEvents;
import io.eventbank.transfers.transfer.application.OpenTransfers;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The transfers' last events in {@code es_events}: a transfer waits when no event follows one of the
 * waiting types; the partial index {@code es_events_transfer_waiting} (migration V4) keeps the scan to those.
 */
class JdbcOpenTransfers implements OpenTransfers {

    private static final String CUTOFF = "select now() - make_interval(secs => :seconds)";

    private static final String WAITING = """
            select e.aggregate_id, e.version, e.event_type, e.occurred_at
              from es_events e
             where e.aggregate_type = :aggregateType
               and e.event_type in (:eventTypes)
               and e.occurred_at >= :from and e.occurred_at < :cutoff
               and not exists (select 1 from es_events n where n.aggregate_id = e.aggregate_id and n.version = e.version + 1)
             order by e.occurred_at
            """;

    private static final String LAST = """
            select e.aggregate_id, e.version, e.event_type, e.occurred_at
              from es_events e
             where e.aggregate_id = :id and e.aggregate_type = :aggregateType
             order by e.version desc
             limit 1
            """;

    private final JdbcClient jdbc;

    JdbcOpenTransfers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Scan waiting(List<String> eventTypes, Instant from, Duration waitingLongerThan) {
        OffsetDateTime cutoff = jdbc.sql(CUTOFF).param("seconds", waitingLongerThan.toMillis() / 1000.0)
                .query(OffsetDateTime.class).single();
        List<LastEvent> found = new ArrayList<>(jdbc.sql(WAITING)
                .param("aggregateType", BankingEvents.TRANSFER.aggregateType())
                .param("eventTypes", eventTypes)
                .param("from", Timestamp.from(from))
                .param("cutoff", cutoff)
                .query((rs, n) -> new LastEvent(rs.getObject(1, UUID.class), rs.getInt(2), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class).toInstant()))
                .list());
        return new Scan(found, cutoff.toInstant());
    }

    @Override
    public Optional<LastEvent> lastEvent(UUID transferId) {
        return jdbc.sql(LAST).param("id", transferId).param("aggregateType", BankingEvents.TRANSFER.aggregateType())
                .query((rs, n) -> new LastEvent(rs.getObject(1, UUID.class), rs.getInt(2), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class).toInstant()))
                .optional();
    }
}
