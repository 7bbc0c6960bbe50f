package io.eventbank.eventstore.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventbank.eventstore.testing.Infra;
import io.eventbank.infra.TcpProxy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Two publishers on one database: one publishes, the other takes over when it goes away. */
class EventPublisherLeadershipTest {

    @Test
    void onlyOnePublisherPublishesAndTheOtherTakesOverWhenItStops() throws Exception {
        try (PublisherFixture fixture = new PublisherFixture("Lead")) {
            SimpleMeterRegistry metersA = new SimpleMeterRegistry();
            SimpleMeterRegistry metersB = new SimpleMeterRegistry();
            EventPublisher a = fixture.publisher("lead", metersA);
            EventPublisher b = fixture.publisher("lead", metersB);
            a.start();
            b.start();
            List<UUID> aggregates = List.of(UUID.randomUUID(), UUID.randomUUID());
            List<UUID> first = fixture.append(aggregates, 10);
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    PublisherFixture.published(metersA, "lead") + PublisherFixture.published(metersB, "lead") == 10);
            assertThat(a.isLeader()).isNotEqualTo(b.isLeader());
            EventPublisher leader = a.isLeader() ? a : b;
            EventPublisher standby = leader == a ? b : a;
            SimpleMeterRegistry standbyMeters = leader == a ? metersB : metersA;
            assertThat(PublisherFixture.published(standbyMeters, "lead")).isZero();
            assertThat(standbyMeters.get("eventstore.publisher.leader").gauge().value()).isZero();

            leader.stop();
            await().atMost(Duration.ofSeconds(5)).until(standby::isLeader);
            List<UUID> second = fixture.append(aggregates, 10);
            await().atMost(Duration.ofSeconds(20)).until(() -> PublisherFixture.published(standbyMeters, "lead") == 10);
            assertThat(standbyMeters.get("eventstore.publisher.leader").gauge().value()).isEqualTo(1.0);

            assertPublishedOnce(fixture, first, second);
        }
    }

    @Test
    void anotherPublisherTakesOverWhenTheLeadersConnectionDies() throws Exception {
        try (PublisherFixture fixture = new PublisherFixture("Kill")) {
            SimpleMeterRegistry metersA = new SimpleMeterRegistry();
            SimpleMeterRegistry metersB = new SimpleMeterRegistry();
            EventPublisher a = fixture.publisher("kill", metersA);
            a.start();
            await().atMost(Duration.ofSeconds(10)).until(a::isLeader);
            EventPublisher b = fixture.publisher("kill", metersB);
            b.start();
            List<UUID> aggregates = List.of(UUID.randomUUID());
            List<UUID> first = fixture.append(aggregates, 5);
            await().atMost(Duration.ofSeconds(20)).until(() -> PublisherFixture.published(metersA, "kill") == 5);
            assertThat(b.isLeader()).isFalse();

            int killed = lockHolderPid(fixture);
            try (Connection admin = fixture.dataSource.getConnection(); Statement s = admin.createStatement()) {
                s.execute("select pg_terminate_backend(" + killed + ")");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                Integer holder = lockHolderPidOrNull(fixture);
                return holder != null && holder != killed && (a.isLeader() ^ b.isLeader());
            });
            List<UUID> second = fixture.append(aggregates, 5);
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    PublisherFixture.published(metersA, "kill") + PublisherFixture.published(metersB, "kill") == 10);
            assertPublishedOnce(fixture, first, second);
        }
    }

    @Test
    void aLeaderWhoseConnectionHangsGivesUpAtItsSocketTimeoutAndAnotherTakesOver() throws Exception {
        try (PublisherFixture fixture = new PublisherFixture("Hang")) {
            String direct = fixture.jdbcUrl;
            int port = Integer.parseInt(direct.replaceFirst("^jdbc:postgresql://[^:/]+:(\\d+)/.*$", "$1"));
            try (TcpProxy proxy = TcpProxy.to("127.0.0.1", port)) {
                org.postgresql.ds.PGSimpleDataSource proxied = new org.postgresql.ds.PGSimpleDataSource();
                proxied.setUrl(direct.replaceFirst("//([^/:]+):\\d+/", "//127.0.0.1:" + proxy.port() + "/"));
                proxied.setUser(Infra.endpoints().postgresUser());
                proxied.setPassword(Infra.endpoints().postgresPassword());
                proxied.setSocketTimeout(2);
                proxied.setConnectTimeout(2);
                proxied.setLoginTimeout(2);
                SimpleMeterRegistry metersA = new SimpleMeterRegistry();
                SimpleMeterRegistry metersB = new SimpleMeterRegistry();
                EventPublisher a = new EventPublisher(proxied, fixture.template, fixture.codec.mapper(),
                        new EventPublisher.Settings("hang", Duration.ofMillis(50), 100), metersA);
                try {
                    a.start();
                    await().atMost(Duration.ofSeconds(10)).until(a::isLeader);
                    EventPublisher b = fixture.publisher("hang", metersB);
                    b.start();
                    List<UUID> aggregates = List.of(UUID.randomUUID());
                    List<UUID> first = fixture.append(aggregates, 5);
                    await().atMost(Duration.ofSeconds(20)).until(() -> PublisherFixture.published(metersA, "hang") == 5);

                    proxy.freeze();
                    List<UUID> second = fixture.append(aggregates, 5);

                    await("b leads once a gave up").atMost(Duration.ofSeconds(30)).until(() -> b.isLeader() && !a.isLeader());
                    await().atMost(Duration.ofSeconds(20)).until(() -> PublisherFixture.published(metersB, "hang") == 5);
                    assertThat(PublisherFixture.published(metersA, "hang")).isEqualTo(5);
                    assertPublishedOnce(fixture, first, second);
                } finally {
                    a.stop();
                }
            }
        }
    }

    private static void assertPublishedOnce(PublisherFixture fixture, List<UUID> first, List<UUID> second) {
        try (Infra.TopicReader reader = new Infra.TopicReader(fixture.type.topic())) {
            int expected = first.size() + second.size();
            await().atMost(Duration.ofSeconds(20)).until(() -> reader.poll().size() >= expected);
            Map<UUID, Integer> seen = new HashMap<>();
            reader.poll().forEach(r -> seen.merge(fixture.eventIdOf(r.value()), 1, Integer::sum));
            assertThat(seen.keySet()).containsAll(first).containsAll(second).hasSize(expected);
            assertThat(seen.values()).containsOnly(1);
        }
    }

    private static int lockHolderPid(PublisherFixture fixture) throws Exception {
        Integer pid = lockHolderPidOrNull(fixture);
        assertThat(pid).isNotNull();
        return pid;
    }

    private static Integer lockHolderPidOrNull(PublisherFixture fixture) throws Exception {
        try (Connection c = fixture.dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     select pid from pg_locks
                      where locktype = 'advisory' and granted and database = (select oid from pg_database where datname = current_database())""")) {
            return rs.next() ? rs.getInt(1) : null;
        }
    }
}
