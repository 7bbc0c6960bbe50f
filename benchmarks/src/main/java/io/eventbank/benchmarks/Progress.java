package io.eventbank.benchmarks;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** Prints one progress line every few seconds while a phase runs. */
final class Progress {

    private static final long EVERY_SECONDS = 5;

    private final ScheduledExecutorService timer;

    private Progress(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    static Progress start(String label, long startNanos, long measureFromNanos, long endNanos, LongSupplier events) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "progress");
            t.setDaemon(true);
            return t;
        });
        long[] last = {0, measureFromNanos};
        timer.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            if (now < measureFromNanos) {
                System.out.printf("  %-26s warming up (%ds left)%n", label,
                        (measureFromNanos - now) / 1_000_000_000 + 1);
                return;
            }
            long count = events.getAsLong();
            double interval = (now - last[1]) / 1e9;
            double rate = interval > 0 ? (count - last[0]) / interval : 0;
            last[0] = count;
            last[1] = now;
            System.out.printf("  %-26s %3.0fs / %3.0fs  %,10d events  %,9.0f events/s%n", label,
                    (Math.min(now, endNanos) - measureFromNanos) / 1e9, (endNanos - measureFromNanos) / 1e9,
                    count, rate);
        }, EVERY_SECONDS, EVERY_SECONDS, TimeUnit.SECONDS);
        return new Progress(timer);
    }

    void stop() {
        timer.shutdownNow();
    }
}
