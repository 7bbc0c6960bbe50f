package io.eventbank.eventstore.publisher;

import static io.eventbank.eventstore.testing.EventRows.insertEvent;
import static io.eventbank.eventstore.testing.EventRows.notifyAndCommit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A long-running transaction holds the publisher back; the lag shows it. */
class EventPublisherLagTest {

    @Test
    void reportsLagWhileAnOlderTransactionIsOpenAndCatchesUpWhenItCommits() throws Exception {
        try (PublisherFixture fixture = new PublisherFixture("Lag")) {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            EventPublisher publisher = fixture.publisher("lag", meters);
            publisher.start();
            await().atMost(Duration.ofSeconds(10)).until(publisher::isLeader);

            try (Connection longRunning = fixture.dataSource.getConnection()) {
                longRunning.setAutoCommit(false);
                insertEvent(longRunning, fixture.type.aggregateType(), UUID.randomUUID(), UUID.randomUUID(), 1,
                        "Noted", "{\"text\":\"slow\"}", "{}");
                fixture.append(List.of(UUID.randomUUID()), 3);

                await().atMost(Duration.ofSeconds(10)).until(() -> gauge(meters, "eventstore.publisher.lag.events") == 3.0
                        && gauge(meters, "eventstore.publisher.lag.age") > 0.0);
                assertThat(PublisherFixture.published(meters, "lag")).isZero();

                notifyAndCommit(longRunning);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> PublisherFixture.published(meters, "lag") == 4.0);
            await().atMost(Duration.ofSeconds(10)).until(() -> gauge(meters, "eventstore.publisher.lag.events") == 0.0);
        }
    }

    private static double gauge(SimpleMeterRegistry meters, String name) {
        return meters.get(name).gauge().value();
    }
}
