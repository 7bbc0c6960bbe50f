package io.eventbank.benchmarks;

import java.util.Arrays;
import java.util.List;

/** The benchmarks with options of their own (transfers, rebuild, snapshots). */
final class OwnOptions {

    static final String USAGE = TransfersBenchmark.USAGE + System.lineSeparator() + RebuildBenchmark.USAGE
            + System.lineSeparator() + SnapshotsBenchmark.USAGE;

    private OwnOptions() {
    }

    static boolean runs(String name) {
        return List.of("transfers", "rebuild", "snapshots").contains(name);
    }

    /** Runs the benchmark; returns the exit code. */
    static int run(String name, String[] args) throws Exception {
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        String command = "benchmarks/run.sh " + String.join(" ", args);
        if (rest.contains("--help") || rest.contains("-h")) {
            System.out.println(switch (name) {
                case "transfers" -> TransfersBenchmark.USAGE;
                case "rebuild" -> RebuildBenchmark.USAGE;
                default -> SnapshotsBenchmark.USAGE;
            });
            return 0;
        }
        NamedOptions options;
        try {
            options = NamedOptions.parse(rest, switch (name) {
                case "transfers" -> TransfersBenchmark.OPTIONS;
                case "rebuild" -> RebuildBenchmark.OPTIONS;
                default -> SnapshotsBenchmark.OPTIONS;
            });
        } catch (IllegalArgumentException e) {
            System.err.println("benchmarks: " + e.getMessage());
            System.err.println(USAGE);
            return 2;
        }
        switch (name) {
            case "transfers" -> new TransfersBenchmark(options, command).run();
            case "rebuild" -> new RebuildBenchmark(options, command).run();
            default -> new SnapshotsBenchmark(options, command).run();
        }
        return 0;
    }
}
