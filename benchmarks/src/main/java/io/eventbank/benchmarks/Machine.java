package io.eventbank.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** What the figures were measured on; printed and stored with every result. */
record Machine(int cores, long memoryMb, String cpu, String jdk, String os, String postgres, String fsync,
               String synchronousCommit) {

    static Machine describe(DataSource postgres) {
        String version;
        String fsync;
        String syncCommit;
        try (Connection c = postgres.getConnection();
             var rs = c.createStatement().executeQuery("select current_setting('server_version'),"
                     + " current_setting('fsync'), current_setting('synchronous_commit')")) {
            rs.next();
            version = rs.getString(1);
            fsync = rs.getString(2);
            syncCommit = rs.getString(3);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read PostgreSQL settings", e);
        }
        return new Machine(Runtime.getRuntime().availableProcessors(), totalMemoryMb(), cpuModel(),
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                version, fsync, syncCommit);
    }

    String line() {
        return "machine: %d cores (%s), %d MB RAM, JDK %s, %s, PostgreSQL %s fsync=%s synchronous_commit=%s"
                .formatted(cores, cpu, memoryMb, jdk, os, postgres, fsync, synchronousCommit);
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", cores);
        m.put("memoryMb", memoryMb);
        m.put("cpu", cpu);
        m.put("jdk", jdk);
        m.put("os", os);
        m.put("postgres", postgres);
        m.put("fsync", fsync);
        m.put("synchronousCommit", synchronousCommit);
        return m;
    }

    private static String cpuModel() {
        return procLine("/proc/cpuinfo", "model name").map(l -> l.substring(l.indexOf(':') + 1).trim())
                .orElse(System.getProperty("os.arch"));
    }

    private static long totalMemoryMb() {
        return procLine("/proc/meminfo", "MemTotal")
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024)
                .orElse(Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }

    private static Optional<String> procLine(String file, String prefix) {
        try (var lines = Files.lines(Path.of(file))) {
            return lines.filter(l -> l.startsWith(prefix)).findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
