package io.eventbank.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Throughput phase: {@code writers} threads each repeat one operation as fast as it completes
 * (closed loop) for warm-up plus duration; only operations that start inside the measured window
 * count. Latency is per operation, in microseconds.
 */
final class ClosedLoop {

    /** One writer's repeated operation; returns how many events it wrote. */
    @FunctionalInterface
    interface Operation {
        int run() throws Exception;
    }

    /** Creates writer {@code index}'s operation (its own aggregate, its own connection, ...), untimed. */
    @FunctionalInterface
    interface Writers {
        Operation create(int index) throws Exception;
    }

    record Result(String label, long events, long operations, long errors, String firstError, double seconds,
                  Histogram latencyMicros) {

        double eventsPerSecond() {
            return events / seconds;
        }

        double operationsPerSecond() {
            return operations / seconds;
        }

        /** This result and {@code other} (a later slice of the same phase) as one. */
        Result plus(Result other) {
            Histogram latency = latencyMicros.copy();
            latency.add(other.latencyMicros);
            return new Result(label, events + other.events, operations + other.operations, errors + other.errors,
                    firstError != null ? firstError : other.firstError, seconds + other.seconds, latency);
        }

        double latencyMs(double percentile) {
            return latencyMicros.getTotalCount() == 0 ? Double.NaN
                    : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    private ClosedLoop() {
    }

    static Result run(String label, int writers, Duration warmup, Duration duration, Writers factory)
            throws Exception {
        List<Operation> operations = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            operations.add(factory.create(i));
        }
        Recorder recorder = new Recorder(3);
        AtomicLong events = new AtomicLong();
        AtomicLong ops = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + duration.toNanos();
        CountDownLatch done = new CountDownLatch(writers);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            Operation op = operations.get(i);
            threads.add(Thread.ofPlatform().name(label + "-" + i).start(() -> {
                try {
                    long t0;
                    while ((t0 = System.nanoTime()) < end) {
                        int written;
                        try {
                            written = op.run();
                        } catch (Exception e) {
                            if (t0 >= measureFrom) {
                                errors.incrementAndGet();
                            }
                            firstError.compareAndSet(null, e.toString());
                            continue;
                        }
                        long t1 = System.nanoTime();
                        if (t0 >= measureFrom) {
                            recorder.recordValue(Math.max(1, (t1 - t0) / 1000));
                            events.addAndGet(written);
                            ops.incrementAndGet();
                        }
                    }
                } finally {
                    done.countDown();
                }
            }));
        }
        Progress progress = Progress.start(label, start, measureFrom, end, events::get);
        done.await();
        progress.stop();
        for (Thread t : threads) {
            t.join();
        }
        Histogram histogram = recorder.getIntervalHistogram();
        return new Result(label, events.get(), ops.get(), errors.get(), firstError.get(),
                duration.toNanos() / 1e9, histogram);
    }
}
