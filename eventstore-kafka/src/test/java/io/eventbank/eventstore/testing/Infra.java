package io.eventbank.eventstore.testing;

import io.eventbank.eventstore.AggregateEvents;
import io.eventbank.infra.InfraEndpoints;
import io.eventbank.infra.LocalInfra;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/** Real PostgreSQL and Kafka from local-infra, isolated by unique database and topic names. */
public final class Infra {

    private Infra() {
    }

    public static LocalInfra infra() {
        return LocalInfra.shared();
    }

    public static InfraEndpoints endpoints() {
        return infra().endpoints();
    }

    public static String bootstrap() {
        return endpoints().kafkaBootstrapServers();
    }

    public static String suffix() {
        return Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    }

    /** A new database with the event store schema; returns its JDBC URL. */
    public static String migratedDatabase(String prefix) {
        String url = infra().createDatabase(prefix + "_" + suffix());
        Flyway.configure().dataSource(url, endpoints().postgresUser(), endpoints().postgresPassword())
                .locations("classpath:db/migration").load().migrate();
        return url;
    }

    public static DataSource dataSource(String url) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        ds.setUser(endpoints().postgresUser());
        ds.setPassword(endpoints().postgresPassword());
        return ds;
    }

    public static Map<String, Object> kafkaConfig() {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    }

    public static void createTopics(AggregateEvents<?> events, int partitions, int dltPartitions) {
        try (Admin admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(events.topic(), partitions, (short) 1),
                    new NewTopic(events.deadLetterTopic(), dltPartitions, (short) 1))).all().get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a topic from the beginning of every partition, without a consumer group. */
    public static final class TopicReader implements AutoCloseable {

        private final KafkaConsumer<String, String> consumer;
        private final List<ConsumerRecord<String, String>> records = new ArrayList<>();

        public TopicReader(String topic) {
            Properties p = new Properties();
            p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
            p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
            p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            consumer = new KafkaConsumer<>(p);
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        /** Polls once and returns everything read so far, per partition in offset order. */
        public List<ConsumerRecord<String, String>> poll() {
            consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            return List.copyOf(records);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    public static byte[] rawHeader(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : h.value();
    }

    public static int intHeader(ConsumerRecord<?, ?> record, String name) {
        return ByteBuffer.wrap(rawHeader(record, name)).getInt();
    }

    public static long longHeader(ConsumerRecord<?, ?> record, String name) {
        return ByteBuffer.wrap(rawHeader(record, name)).getLong();
    }
}
