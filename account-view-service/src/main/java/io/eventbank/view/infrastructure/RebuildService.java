package io.eventbank.view.infrastructure;

import io.eventbank.events.BankingEvents;
import io.eventbank.events.account.AccountEvent;
import io.eventbank.events.transfer.MoneyTransferEvent;
import io.eventbank.eventstore.EventEnvelope;
import io.eventbank.view.application.LiveProjection;
import io.eventbank.view.application.VersionGapException;
import io.eventbank.view.application.ViewProjector;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
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
 * Rebuilds every view from the topics alone into a fresh generation of collections, then switches
 * to it. Reads keep answering from the current generation meanwhile.
 *
 * <ol>
 * <li>history: a consumer without group, assigned to every partition of both topics from the
 *     earliest offset, folds everything up to the end offsets taken at the start in memory
 *     ({@link GenerationBuilder}: nobody else writes the new generation yet) and writes it in large
 *     bulk writes while it reads on;</li>
 * <li>catch-up: the live projection starts writing to both generations; the rebuild consumer
 *     applies everything up to end offsets taken after that moment through the live path (guarded
 *     bulk writes per poll), so each event is applied to the new generation by the rebuild, the live
 *     projection, or both (harmless: versions);</li>
 * <li>switch: reads and the live projection use the new generation only; the old collections stay
 *     until dropped by an operator.</li>
 * </ol>
 * A live event whose predecessor the rebuild has not reached yet during catch-up is refused as a
 * gap and retried by the subscription until it has. One rebuild at a time per instance.
 */
public class RebuildService {

    public enum State {
        RUNNING, CATCHING_UP, COMPLETED, FAILED
    }

    /**
     * @param eventsSkipped unreadable records and records of unknown aggregate or event types
     * @param eventsRefused events whose predecessor is missing from the topics (version gaps)
     */
    public record Status(String rebuildId, State state, long generation, long eventsProcessed,
                         long eventsSkipped, long eventsRefused, double eventsPerSecond, Instant startedAt, Instant finishedAt,
                         String error) {
    }

    private static final Logger log = LoggerFactory.getLogger(RebuildService.class);

    /** Events folded in memory between two bulk writes of the rebuilt documents. */
    private static final int FLUSH_EVERY = 50_000;

    private final ViewGenerations generations;
    private final LiveProjection projection;
    private final KafkaEnvelopeReader reader;
    private final Map<String, Object> kafkaConfig;
    private final Duration pollTimeout;
    private final ViewProjector projector = new ViewProjector(ViewProjector.GapHandling.SKIP, 20_000);
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private volatile Run active;
    private volatile boolean stopping;

    public RebuildService(ViewGenerations generations, LiveProjection projection, KafkaEnvelopeReader reader,
                          Map<String, Object> kafkaConfig, Duration pollTimeout) {
        this.generations = generations;
        this.projection = projection;
        this.reader = reader;
        this.kafkaConfig = Map.copyOf(kafkaConfig);
        this.pollTimeout = pollTimeout;
    }

    /** Starts a rebuild; empty when one is running already. */
    public synchronized Optional<Status> start() {
        if (active != null) {
            return Optional.empty();
        }
        long generation = Math.max(generations.highest(), generations.current()) + 1;
        generations.reserve(generation);
        Run run = new Run(UUID.randomUUID().toString(), generation);
        runs.put(run.id, run);
        active = run;
        Thread.ofVirtual().name("view-rebuild-" + generation).start(() -> execute(run));
        return Optional.of(run.status());
    }

    public Optional<Status> status(String rebuildId) {
        return Optional.ofNullable(runs.get(rebuildId)).map(Run::status);
    }

    @PreDestroy
    void stop() {
        stopping = true;
    }

    private void execute(Run run) {
        ViewStore target = generations.store(run.generation);
        try {
            target.drop();
            target.ensureIndexes();
            try (KafkaConsumer<String, String> consumer = consumer()) {
                List<TopicPartition> partitions = partitions(consumer);
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                try (GenerationBuilder builder = new GenerationBuilder(target)) {
                    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                    while (!reached(consumer, end)) {
                        List<EventEnvelope<?>> envelopes = poll(consumer, run);
                        count(run, envelopes.size(), builder.add(envelopes));
                        builder.flushIfDue(FLUSH_EVERY);
                    }
                    builder.finish();
                }
                run.state = State.CATCHING_UP;
                projection.alsoWriteTo(target);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                while (!reached(consumer, end)) {
                    List<EventEnvelope<?>> envelopes = poll(consumer, run);
                    List<EventEnvelope<AccountEvent>> accountEvents = new ArrayList<>();
                    List<EventEnvelope<MoneyTransferEvent>> transferEvents = new ArrayList<>();
                    GenerationBuilder.split(envelopes, accountEvents, transferEvents);
                    List<VersionGapException> refused = new ArrayList<>();
                    refused.addAll(projector.applyAccountEvents(target, accountEvents).gaps());
                    refused.addAll(projector.applyTransferEvents(target, transferEvents).gaps());
                    count(run, envelopes.size(), refused);
                }
                projection.switchTo(target);
            }
            run.finish(State.COMPLETED, null);
            log.info("View rebuild {} completed: generation {} from {} events", run.id, run.generation,
                    run.processed.get());
        } catch (Exception e) {
            projection.forget(target);
            run.finish(State.FAILED, e.toString());
            log.error("View rebuild {} failed; reads stay on the current generation", run.id, e);
        } finally {
            synchronized (this) {
                active = null;
            }
        }
    }

    /** One poll's banking events; unreadable records and unknown types are counted as skipped. */
    private List<EventEnvelope<?>> poll(KafkaConsumer<String, String> consumer, Run run) {
        if (stopping) {
            throw new IllegalStateException("Shutting down");
        }
        ConsumerRecords<String, String> records = consumer.poll(pollTimeout);
        List<EventEnvelope<?>> envelopes = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> record : records) {
            Optional<EventEnvelope<?>> envelope;
            try {
                envelope = record.value() == null ? Optional.empty() : reader.read(record.value());
            } catch (RuntimeException e) {
                // the live path dead-letters unreadable records at once
                log.warn("View rebuild {} skips unreadable record {}-{}@{}: {}", run.id, record.topic(),
                        record.partition(), record.offset(), e.toString());
                envelope = Optional.empty();
            }
            if (envelope.isEmpty()) {
                run.skipped.incrementAndGet();
            } else {
                envelopes.add(envelope.get());
            }
        }
        return envelopes;
    }

    private static void count(Run run, int events, List<VersionGapException> refused) {
        // as on the live path, where they end on the dead-letter topic: refused, never applied
        for (VersionGapException gap : refused) {
            log.warn("View rebuild {} refuses {}", run.id, gap.getMessage());
        }
        run.refused.addAndGet(refused.size());
        run.processed.addAndGet(events - refused.size());
    }

    private static boolean reached(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
            if (consumer.position(partition.getKey()) < partition.getValue()) {
                return false;
            }
        }
        return true;
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

    private static final class Run {
        final String id;
        final long generation;
        final Instant startedAt = Instant.now();
        final AtomicLong processed = new AtomicLong();
        final AtomicLong skipped = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        volatile State state = State.RUNNING;
        volatile Instant finishedAt;
        volatile String error;

        Run(String id, long generation) {
            this.id = id;
            this.generation = generation;
        }

        void finish(State end, String failure) {
            error = failure;
            finishedAt = Instant.now();
            state = end;
        }

        Status status() {
            Instant until = finishedAt == null ? Instant.now() : finishedAt;
            double seconds = Math.max(Duration.between(startedAt, until).toMillis(), 1) / 1000.0;
            return new Status(id, state, generation, processed.get(), skipped.get(), refused.get(),
                    processed.get() / seconds,
                    startedAt, finishedAt, error);
        }
    }
}
