package io.eventbank.view;

import io.eventbank.eventstore.EventEnvelope;
import io.eventbank.eventstore.json.EventCodec;
import io.eventbank.eventstore.envelope.EventRecordFormat;
import io.eventbank.infra.LocalInfra;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes envelopes to the real topics in the publisher's record format, keyed by aggregate id. */
public final class TopicPublisher implements AutoCloseable {

    private final EventCodec codec = new EventCodec();
    private final KafkaProducer<String, String> producer;

    public TopicPublisher() {
        String bootstrap = LocalInfra.shared().endpoints().kafkaBootstrapServers();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new StringSerializer());
    }

    public static void ensureTopics(List<String> topics) {
        try (AdminClient admin = AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                LocalInfra.shared().endpoints().kafkaBootstrapServers()))) {
            for (String topic : topics) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public void publish(String topic, EventEnvelope<?> envelope) {
        String value = EventRecordFormat.write(codec.mapper(), new EventRecordFormat.PublishedEvent(
                envelope.eventId(), envelope.aggregateType(), envelope.aggregateId(), envelope.version(),
                envelope.eventType(), envelope.occurredAt(), envelope.position(), envelope.metadata(), 1,
                codec.mapper().valueToTree(envelope.event())));
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, envelope.aggregateId().toString(), value);
        record.headers().add(EventRecordFormat.EVENT_TYPE, envelope.eventType().getBytes());
        record.headers().add(EventRecordFormat.AGGREGATE_ID, envelope.aggregateId().toString().getBytes());
        record.headers().add(EventRecordFormat.AGGREGATE_TYPE, envelope.aggregateType().getBytes());
        try {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A record that is no envelope at all. */
    public void publishRaw(String topic, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
