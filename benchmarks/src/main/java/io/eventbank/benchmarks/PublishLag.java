package io.eventbank.benchmarks;

import io.eventbank.eventstore.AppendOptions;
import io.eventbank.eventstore.EntityIdAndVersion;
import io.eventbank.eventstore.EventStore;
import io.eventbank.eventstore.envelope.EventRecordFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publish lag: single-event updates at a constant rate (intended start times, so a slow append
 * delays no later one's schedule), each timed from the moment its commit returned to the moment a
 * consumer reads the record from Kafka.
 */
final class PublishLag {

    record Result(long published, long expected, long errors, String firstError, Histogram lagMicros,
                  Histogram appendMicros) {

        double lagMs(double percentile) {
            return lagMicros.getTotalCount() == 0 ? Double.NaN : lagMicros.getValueAtPercentile(percentile) / 1000.0;
        }

        double appendMs(double percentile) {
            return appendMicros.getTotalCount() == 0 ? Double.NaN
                    : appendMicros.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    private PublishLag() {
    }

    static Result run(EventStore store, String bootstrap, String topic, JsonMapper mapper, int writers, int rate,
                      Duration warmup, Duration duration) throws Exception {
        Map<String, Long> committedAt = new ConcurrentHashMap<>();
        Map<String, Long> readAt = new ConcurrentHashMap<>();
        Recorder lag = new Recorder(3);
        Recorder append = new Recorder(3);
        AtomicLong measuredCommits = new AtomicLong();
        AtomicLong measuredRead = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        AtomicBoolean consuming = new AtomicBoolean(true);

        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-publish-lag",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10),
                new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topic));
        while (consumer.assignment().isEmpty()) {
            consumer.poll(Duration.ofMillis(100));
        }
        Thread reader = Thread.ofPlatform().name("lag-consumer").start(() -> {
            try (consumer) {
                while (consuming.get()) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(20))) {
                        long now = System.nanoTime();
                        var event = EventRecordFormat.read(mapper, r.value());
                        String key = event.aggregateId() + ":" + event.version();
                        Long committed = committedAt.remove(key);
                        if (committed != null) {
                            lag.recordValue(Math.max(1, (now - committed) / 1000));
                            measuredRead.incrementAndGet();
                        } else {
                            readAt.put(key, now);
                        }
                    }
                }
            }
        });

        List<EntityIdAndVersion> aggregates = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            aggregates.add(store.save(BenchAccount.TYPE, List.of(BenchAccount.deposit(0)), AppendOptions.none()));
        }
        long periodNanos = 1_000_000_000L / rate;
        long start = System.nanoTime() + 100_000_000L;
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + duration.toNanos();
        AtomicLong slot = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            EntityIdAndVersion[] current = {aggregates.get(w)};
            threads.add(Thread.ofPlatform().name("lag-writer-" + w).start(() -> {
                while (true) {
                    long intended = start + slot.getAndIncrement() * periodNanos;
                    if (intended >= end) {
                        return;
                    }
                    long wait = intended - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    try {
                        current[0] = store.update(BenchAccount.TYPE, current[0],
                                List.of(BenchAccount.deposit(current[0].version())), AppendOptions.none());
                    } catch (RuntimeException e) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, e.toString());
                        continue;
                    }
                    long committed = System.nanoTime();
                    if (intended < measureFrom) {
                        continue;
                    }
                    append.recordValue(Math.max(1, (committed - intended) / 1000));
                    measuredCommits.incrementAndGet();
                    String key = current[0].id() + ":" + current[0].version();
                    Long read = readAt.remove(key);
                    if (read != null) {
                        lag.recordValue(Math.max(1, (read - committed) / 1000));
                        measuredRead.incrementAndGet();
                    } else {
                        committedAt.put(key, committed);
                    }
                }
            }));
        }
        Progress progress = Progress.start("publish lag @" + rate + "/s", start, measureFrom, end, measuredRead::get);
        for (Thread t : threads) {
            t.join();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (measuredRead.get() < measuredCommits.get() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        progress.stop();
        consuming.set(false);
        reader.join();
        return new Result(measuredRead.get(), measuredCommits.get(), errors.get(), firstError.get(),
                lag.getIntervalHistogram(), append.getIntervalHistogram());
    }
}
