package io.eventbank.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Writes {@code target/benchmarks/<name>.json} (relative to the working directory, the repository root). */
final class Results {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private Results() {
    }

    static Path write(String name, String command, Machine machine, Map<String, Object> figures) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("benchmark", name);
        document.put("measuredAt", Instant.now().toString());
        document.put("command", command);
        document.put("machine", machine.toMap());
        document.putAll(figures);
        Path dir = Path.of(System.getProperty("benchmarks.output", "target/benchmarks"));
        Path file = dir.resolve(name + ".json");
        try {
            Files.createDirectories(dir);
            Files.writeString(file, JSON.writeValueAsString(document) + System.lineSeparator());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file.toAbsolutePath().normalize();
    }
}
