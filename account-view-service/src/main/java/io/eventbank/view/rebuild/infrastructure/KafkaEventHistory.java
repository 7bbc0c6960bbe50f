package io.eventbank.view.rebuild.infrastructure;

import io.eventbank.events.BankingEvents;
import io.eventbank.eventstore.EventEnvelope;
import io.eventbank.view.rebuild.application.EventHistory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer without group, assigned to every partition of both topics from the earliest offset;
 * committed records only. Records are read as the live subscription reads them
 * ({@link KafkaEnvelopeReader}); an unreadable one is skipped, as the live path dead-letters it at once.
 */
public class KafkaEventHistory implements EventHistory {

    private static final Logger log = LoggerFactory.getLogger(KafkaEventHistory.class);

    private final KafkaEnvelopeReader reader;
    private final Map<String, Object> kafkaConfig;
    private final Duration pollTimeout;

    public KafkaEventHistory(KafkaEnvelopeReader reader, Map<String, Object> kafkaConfig, Duration pollTimeout) {
        this.reader = reader;
        this.kafkaConfig = Map.copyOf(kafkaConfig);
        this.pollTimeout = pollTimeout;
    }

    @Override
    public boolean isEmpty() {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer);
            Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions);
            return consumer.endOffsets(partitions).equals(beginning);
        }
    }

    @Override
    public Reading open(String rebuildId) {
        KafkaConsumer<String, String> consumer = consumer();
        try {
            List<TopicPartition> partitions = partitions(consumer);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            return new KafkaReading(rebuildId, consumer, partitions);
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    private final class KafkaReading implements Reading {

        private final String rebuildId;
        private final KafkaConsumer<String, String> consumer;
        private final List<TopicPartition> partitions;
        private Map<TopicPartition, Long> end = Map.of();

        KafkaReading(String rebuildId, KafkaConsumer<String, String> consumer, List<TopicPartition> partitions) {
            this.rebuildId = rebuildId;
            this.consumer = consumer;
            this.partitions = partitions;
        }

        @Override
        public void markEnd() {
            end = consumer.endOffsets(partitions);
        }

        @Override
        public boolean reachedMark() {
            for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
                if (consumer.position(partition.getKey()) < partition.getValue()) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public Poll poll() {
            ConsumerRecords<String, String> records = consumer.poll(pollTimeout);
            List<EventEnvelope<?>> envelopes = new ArrayList<>(records.count());
            int skipped = 0;
            for (ConsumerRecord<String, String> record : records) {
                Optional<EventEnvelope<?>> envelope;
                try {
                    envelope = record.value() == null ? Optional.empty() : reader.read(record.value());
                } catch (RuntimeException e) {
                    log.warn("View rebuild {} skips unreadable record {}-{}@{}: {}", rebuildId, record.topic(),
                            record.partition(), record.offset(), e.toString());
                    envelope = Optional.empty();
                }
                if (envelope.isEmpty()) {
                    skipped++;
                } else {
                    envelopes.add(envelope.get());
                }
            }
            return new Poll(envelopes, skipped);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, String> consumer) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(BankingEvents.ACCOUNT.topic(), BankingEvents.TRANSFER.topic())) {
            List<PartitionInfo> infos = consumer.listTopics().getOrDefault(topic, List.of());
            infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        return partitions;
    }

    private KafkaConsumer<String, String> consumer() {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "account-view-rebuild");
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }
}
