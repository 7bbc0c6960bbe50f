package io.eventbank.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What the broker says when a run stalls: partition leaders, every consumer group's position against
 * the end of each partition, and whether a fresh consumer can read a lagging partition from the
 * group's position. Printed to the test's output when transfers are not terminal in time, so that a
 * failed soak can be read afterwards.
 */
final class KafkaDiagnostics {

    private static final List<String> GROUPS = List.of("accounts-service", "transfers-service", "account-view-service");
    private static final List<String> TOPICS = List.of(FaultInjector.ACCOUNT_TOPIC, FaultInjector.TRANSFER_TOPIC);

    private KafkaDiagnostics() {
    }

    static List<String> describe(FaultInjector faults, String bootstrapServers) {
        List<String> lines = new ArrayList<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Map<String, TopicDescription> topics = admin.describeTopics(TOPICS).allTopicNames().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
            topics.values().forEach(topic -> topic.partitions().forEach(p -> {
                lines.add("kafka: " + topic.name() + "-" + p.partition() + " leader " + p.leader() + " isr " + p.isr());
                latest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest());
            }));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
            for (String group : GROUPS) {
                var description = admin.describeConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS).get(group);
                lines.add("kafka: group " + group + " " + description.groupState() + " members "
                        + description.members().stream().map(m -> m.clientId() + "@" + m.host() + "="
                                + m.assignment().topicPartitions()).toList());
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                for (var end : new TreeMap<>(ends).entrySet()) {
                    OffsetAndMetadata position = committed.get(end.getKey());
                    long at = position == null ? -1 : position.offset();
                    long lag = end.getValue().offset() - at;
                    if (lag != 0) {
                        lines.add("kafka: group " + group + " " + end.getKey() + " committed " + at + " end "
                                + end.getValue().offset() + " lag " + lag + probe(faults, end.getKey(), Math.max(at, 0)));
                    }
                }
            }
        } catch (Exception e) {
            lines.add("kafka: diagnostics failed: " + e);
        }
        return lines;
    }

    private static String probe(FaultInjector faults, TopicPartition partition, long from) {
        try (KafkaConsumer<byte[], byte[]> consumer = faults.consumer()) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, from);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    var first = records.records(partition).getFirst();
                    return "; a fresh consumer reads " + records.count() + " records from offset " + first.offset();
                }
            }
            return "; a fresh consumer reads nothing from offset " + from + " in 10 s (position "
                    + consumer.position(partition) + ")";
        } catch (RuntimeException e) {
            return "; a fresh consumer fails: " + e;
        }
    }
}
