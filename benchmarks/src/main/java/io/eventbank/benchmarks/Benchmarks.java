package io.eventbank.benchmarks;

import java.util.Arrays;
import java.util.List;

/** Entry point: {@code benchmarks/run.sh NAME [options]}. Never run by the build. */
public final class Benchmarks {

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            usage();
            System.exit(args.length == 0 ? 2 : 0);
        }
        String name = args[0];
        BenchmarkOptions options;
        try {
            options = BenchmarkOptions.parse(Arrays.asList(args).subList(1, args.length));
        } catch (IllegalArgumentException e) {
            System.err.println("benchmarks: " + e.getMessage());
            usage();
            System.exit(2);
            return;
        }
        String command = "benchmarks/run.sh " + String.join(" ", args);
        switch (name) {
            case "append" -> new AppendBenchmark(options, command).run();
            default -> {
                System.err.println("benchmarks: unknown benchmark " + name);
                usage();
                System.exit(2);
            }
        }
        System.exit(0);
    }

    private static void usage() {
        System.err.println("usage: benchmarks/run.sh NAME [options]");
        System.err.println("benchmarks: " + String.join(", ", List.of("append")));
        System.err.println(BenchmarkOptions.USAGE);
    }
}
