package io.eventbank.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the local stack keeps between runs in its data folder: PostgreSQL's cluster ({@code postgres/}),
 * the Kafka log ({@code kafka/}), the demo customers' account ids, and the secrets and signing key
 * ({@link LocalSecrets}, kept by {@code --fresh} too). The views are not kept: account-view-service
 * refills its empty store from the topics.
 */
final class StackData {

    static final String DEMO_ACCOUNTS = "demo-accounts.properties";
    private static final List<String> KEPT = List.of("postgres", "kafka", DEMO_ACCOUNTS);

    private StackData() {
    }

    /** Whether a PostgreSQL cluster from an earlier run is there. */
    static boolean holdsDatabases(Path data) {
        return Files.isRegularFile(data.resolve("postgres").resolve("PG_VERSION"));
    }

    /** Deletes the databases, the broker log and the demo accounts; the secrets and signing key stay. */
    static void deleteKept(Path data) {
        for (String name : KEPT) {
            deleteRecursively(data.resolve(name));
        }
    }

    /**
     * The file the demo customers' account ids are kept in; deleted first when the databases are new
     * (ids of accounts that no longer exist).
     */
    static Path demoAccounts(Path data, boolean databasesKept) {
        Path file = data.resolve(DEMO_ACCOUNTS);
        if (!databasesKept) {
            deleteRecursively(file);
        }
        return file;
    }

    private static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path each : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(each);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path, e);
        }
    }
}
