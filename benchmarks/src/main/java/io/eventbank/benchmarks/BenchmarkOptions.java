package io.eventbank.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Command-line options shared by the benchmarks.
 *
 * @param duration measured time of each phase
 * @param warmup   unmeasured time before each phase
 * @param writers  concurrent writers of the throughput phases
 * @param rate     events per second of paced phases (publish lag)
 */
record BenchmarkOptions(Duration duration, Duration warmup, int writers, int rate) {

    static final String USAGE = """
            options:
              --duration SECONDS   measured time of each phase (default 20)
              --warmup SECONDS     unmeasured warm-up before each phase (default 3)
              --writers N          concurrent writers (default 16)
              --rate N             events/s of paced phases such as publish lag (default 200)""";

    static BenchmarkOptions parse(List<String> args) {
        Duration duration = Duration.ofSeconds(20);
        Duration warmup = Duration.ofSeconds(3);
        int writers = 16;
        int rate = 200;
        List<String> rest = new ArrayList<>(args);
        while (!rest.isEmpty()) {
            String option = rest.removeFirst();
            if (rest.isEmpty()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = rest.removeFirst();
            switch (option) {
                case "--duration" -> duration = Duration.ofSeconds(positive(option, value));
                case "--warmup" -> warmup = Duration.ofSeconds(Math.max(0, Integer.parseInt(value)));
                case "--writers" -> writers = positive(option, value);
                case "--rate" -> rate = positive(option, value);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        return new BenchmarkOptions(duration, warmup, writers, rate);
    }

    private static int positive(String option, String value) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a whole number: " + value);
        }
        if (n <= 0) {
            throw new IllegalArgumentException(option + " must be positive: " + value);
        }
        return n;
    }
}
