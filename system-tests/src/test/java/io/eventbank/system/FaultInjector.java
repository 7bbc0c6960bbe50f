package io.eventbank.system;

import static io.eventbank.localstack.ServiceDefinition.ACCOUNTS;
import static io.eventbank.localstack.ServiceDefinition.ACCOUNT_VIEW;
import static io.eventbank.localstack.ServiceDefinition.TRANSFERS;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The faults, one after another while the load runs, each after some progress of the load: kill -9
 * and restart of an instance of each command service, a graceful restart of a view instance, a
 * broker restart, PostgreSQL killed and restarted, PostgreSQL stopped for longer than any retry
 * budget, MongoDB restarted empty, a re-delivered stretch of records, and a poison record. Records
 * what it did and when it ended.
 */
final class FaultInjector {

    static final String ACCOUNT_TOPIC = "eventbank.Account";
    static final String TRANSFER_TOPIC = "eventbank.MoneyTransfer";
    /** The faults {@link #run()} injects when faults are on. */
    static final int FAULTS = 9;

    /** Longer than any retry budget: the command services' 4 attempts, the view's 10 (about 20 s). */
    static final Duration POSTGRES_PAUSE = Duration.ofSeconds(30);

    private final ServiceStack stack;
    private final BankSettings settings;
    private final BankDriver driver;
    private volatile boolean finished;
    final List<String> log = new CopyOnWriteArrayList<>();
    final AtomicInteger injected = new AtomicInteger();
    final AtomicInteger redelivered = new AtomicInteger();
    volatile long lastHealedNanos = System.nanoTime();
    volatile String poisonMarker;
    volatile int issuedWhenPoisoned = -1;
    volatile long poisonedAtNanos = Long.MAX_VALUE;

    FaultInjector(ServiceStack stack, BankSettings settings, BankDriver driver) {
        this.stack = stack;
        this.settings = settings;
        this.driver = driver;
    }

    boolean finished() {
        return finished;
    }

    void run() {
        int step = Math.max(settings.clients(), settings.transfers() / 12);
        try {
            awaitProgress(step);
            if (settings.faults()) {
                ServiceStack.Node accounts = new ServiceStack.Node(ACCOUNTS, 1);
                fault("kill -9 " + accounts.name() + " and start it again", () -> {
                    stack.restart(accounts, true);
                    awaitGroupsSettled();
                });
            }
            awaitProgress(step);
            note("close the mid-run accounts", driver::closeMidRunAccounts);
            if (settings.faults()) {
                ServiceStack.Node transfers = new ServiceStack.Node(TRANSFERS, stack.instances());
                fault("kill -9 " + transfers.name() + " and start it again", () -> {
                    stack.restart(transfers, true);
                    awaitGroupsSettled();
                });
                awaitProgress(step);
                ServiceStack.Node view = new ServiceStack.Node(ACCOUNT_VIEW, 1);
                fault("restart " + view.name() + " (graceful stop, start)", () -> {
                    stack.restart(view, false);
                    awaitGroupsSettled();
                });
                awaitProgress(step);
                fault("restart the Kafka broker", () -> {
                    stack.infra().restartKafka();
                    awaitGroupsSettled();
                });
                awaitProgress(step);
                fault("kill -9 PostgreSQL and start it again", () -> {
                    stack.infra().killPostgres();
                    stack.awaitAllReady();
                    awaitGroupsSettled();
                });
                awaitProgress(step);
                fault("stop PostgreSQL (SIGSTOP) for " + POSTGRES_PAUSE.toSeconds() + " s, then continue it", () -> {
                    stack.infra().pausePostgres(POSTGRES_PAUSE);
                    stack.awaitAllReady();
                    awaitGroupsSettled();
                });
                awaitProgress(step);
                fault("stop MongoDB and start it again empty", () -> {
                    stack.infra().restartMongoEmpty();
                    stack.awaitAllReady();
                    awaitGroupsSettled();
                });
                awaitProgress(step);
                fault("re-deliver the last " + settings.redeliverPerPartition() + " records of every partition",
                        this::redeliver);
                awaitProgress(step);
                fault("poison record (invalid JSON) on " + TRANSFER_TOPIC, this::poison);
            }
            // processing goes on after the last fault: some more transfers
            awaitProgress(Math.max(settings.clients() * 2, step / 2));
        } finally {
            finished = true;
        }
    }

    /**
     * A fault has healed when every service's consumer group is stable again with one member per
     * instance, each holding partitions: after a kill -9 the dead member stays in the group until its
     * session times out (45 s by default), and until then the new process gets no partitions.
     */
    private void awaitGroupsSettled() {
        List<String> groups = List.of("accounts-service", "transfers-service", "account-view-service");
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(clientProperties())) {
            BankDriver.awaitQuietly(Duration.ofMinutes(3), () -> {
                try {
                    var described = admin.describeConsumerGroups(groups).all().get(10, java.util.concurrent.TimeUnit.SECONDS);
                    return described.values().stream().allMatch(g -> g.groupState() == org.apache.kafka.common.GroupState.STABLE
                            && g.members().size() == stack.instances()
                            && g.members().stream().noneMatch(m -> m.assignment().topicPartitions().isEmpty()));
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }

    private void awaitProgress(int transfers) {
        int target = driver.issued.get() + transfers;
        BankDriver.awaitQuietly(Duration.ofMinutes(2), () -> driver.issued.get() >= target);
    }

    private void fault(String what, Runnable action) {
        long t0 = System.nanoTime();
        action.run();
        lastHealedNanos = System.nanoTime();
        injected.incrementAndGet();
        log.add(String.format("%s fault %d: %s (%d ms, %d transfers issued)", Instant.now(), injected.get(), what,
                (lastHealedNanos - t0) / 1_000_000, driver.issued.get()));
    }

    private void note(String what, Runnable action) {
        action.run();
        log.add(String.format("%s %s (%d transfers issued)", Instant.now(), what, driver.issued.get()));
    }

    private Map<String, Object> clientProperties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.infra().endpoints().kafkaBootstrapServers());
        return properties;
    }

    KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> properties = clientProperties();
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        return new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
    }

    KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> properties = clientProperties();
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        return new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Reads the last records of every partition of both topics and produces them again, unchanged. */
    private void redeliver() {
        List<ConsumerRecord<byte[], byte[]>> stretch = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(ACCOUNT_TOPIC, TRANSFER_TOPIC)) {
                for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions, Duration.ofSeconds(30));
            Map<TopicPartition, Long> wanted = new HashMap<>();
            for (TopicPartition partition : partitions) {
                long from = Math.max(begins.get(partition), ends.get(partition) - settings.redeliverPerPartition());
                consumer.seek(partition, from);
                wanted.put(partition, ends.get(partition) - from);
            }
            Map<TopicPartition, Integer> got = new HashMap<>();
            BankDriver.awaitQuietly(Duration.ofSeconds(60), () -> {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < ends.get(partition)) {
                        stretch.add(record);
                        got.merge(partition, 1, Integer::sum);
                    }
                }
                return wanted.entrySet().stream().allMatch(e -> got.getOrDefault(e.getKey(), 0) >= e.getValue());
            });
        }
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (ConsumerRecord<byte[], byte[]> record : stretch) {
                producer.send(new ProducerRecord<>(record.topic(), record.partition(), record.key(), record.value(),
                        record.headers()));
            }
            producer.flush();
        }
        redelivered.addAndGet(stretch.size());
    }

    private void poison() {
        poisonMarker = "poison-" + UUID.randomUUID();
        issuedWhenPoisoned = driver.issued.get();
        poisonedAtNanos = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(TRANSFER_TOPIC, UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8),
                    ("{\"eventId\": \"" + poisonMarker + "\", this is not JSON").getBytes(StandardCharsets.UTF_8)));
            producer.flush();
        }
    }

    /** Whether the poison record reached {@code eventbank.MoneyTransfer-dlt}. */
    boolean poisonDeadLettered(Duration atMost) {
        if (poisonMarker == null) {
            return false;
        }
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            String dlt = TRANSFER_TOPIC + "-dlt";
            List<TopicPartition> partitions = consumer.partitionsFor(dlt, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(dlt, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            return BankDriver.awaitQuietly(atMost, () -> {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(300))) {
                    if (record.value() != null
                            && new String(record.value(), StandardCharsets.UTF_8).contains(poisonMarker)) {
                        return true;
                    }
                }
                return false;
            });
        }
    }

}
