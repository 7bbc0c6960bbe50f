package io.eventbank.infra;

import java.io.PrintStream;

/** One line per component on standard output, so a developer sees what runs where. */
final class StartupReport {

    private static final PrintStream OUT = System.out;

    private StartupReport() {
    }

    static void line(String component, String description, long startNanos) {
        OUT.printf("local-infra: %-8s %s (%d ms)%n", component, description, millisSince(startNanos));
    }

    static void total(LocalInfra.Mode mode, long startNanos) {
        OUT.printf("local-infra: %s mode ready in %d ms%n", mode.name().toLowerCase(java.util.Locale.ROOT),
                millisSince(startNanos));
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
