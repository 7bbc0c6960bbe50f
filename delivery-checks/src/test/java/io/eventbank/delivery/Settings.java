package io.eventbank.delivery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.boot.json.JsonParserFactory;

/**
 * Eventbank's own settings as Spring Boot's configuration processor describes them: the
 * {@code META-INF/spring-configuration-metadata.json} it writes to {@code target/classes} of every
 * module that declares a {@code @ConfigurationProperties} record. The pom of delivery-checks
 * depends on those modules (build order only), so they are compiled first.
 */
final class Settings {

    static final String METADATA = "target/classes/META-INF/spring-configuration-metadata.json";

    private static final Pattern ANNOTATION = Pattern.compile(
            "@ConfigurationProperties\\(\\s*(?:(?:value|prefix)\\s*=\\s*)?\"([^\"]+)\"");

    /** A property: its name, its default as written in the docs ({@code null}: none) and its module. */
    record Setting(String name, String defaultValue, String module) {

        /** The environment variable that sets it by relaxed binding (upper case, dots to underscores, no dashes). */
        String environmentVariable() {
            return environmentVariable(name);
        }

        static String environmentVariable(String property) {
            return property.toUpperCase(Locale.ROOT).replace('.', '_').replace("-", "");
        }
    }

    /** The prefixes of the {@code @ConfigurationProperties} in each root module's {@code src/main/java}. */
    static Map<String, List<String>> prefixesByModule() {
        Map<String, List<String>> prefixes = new LinkedHashMap<>();
        for (String module : Repository.rootModules()) {
            Path sources = Repository.path(module).resolve("src/main/java");
            if (!Files.isDirectory(sources)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path source : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                    Matcher annotation = ANNOTATION.matcher(Files.readString(source));
                    while (annotation.find()) {
                        prefixes.computeIfAbsent(module, m -> new ArrayList<>()).add(annotation.group(1));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return prefixes;
    }

    /** The module's configuration metadata: groups and properties, as parsed JSON. */
    static Map<String, Object> metadata(String module) {
        Path file = Repository.path(module).resolve(METADATA);
        if (!Files.isRegularFile(file)) {
            throw new AssertionError(module + " declares @ConfigurationProperties but has no " + METADATA
                    + ": compile it first (./mvnw -pl delivery-checks -am verify does), with the"
                    + " spring-boot-configuration-processor as an optional dependency of " + module);
        }
        try {
            return JsonParserFactory.getJsonParser().parseMap(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static List<String> names(Map<String, Object> metadata, String kind) {
        List<Map<String, Object>> entries = (List<Map<String, Object>>) metadata.getOrDefault(kind, List.of());
        return entries.stream().map(e -> (String) e.get("name")).toList();
    }

    /** Every property of every module, by name. */
    @SuppressWarnings("unchecked")
    static Map<String, Setting> properties() {
        Map<String, Setting> properties = new TreeMap<>();
        for (String module : prefixesByModule().keySet()) {
            List<Map<String, Object>> entries = (List<Map<String, Object>>) metadata(module).getOrDefault("properties", List.of());
            for (Map<String, Object> entry : entries) {
                Object value = entry.get("defaultValue");
                String defaultValue = value == null ? null
                        : value instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
                        : String.valueOf(value);
                properties.put((String) entry.get("name"), new Setting((String) entry.get("name"), defaultValue, module));
            }
        }
        return properties;
    }

    /** Every group (a prefix such as {@code eventbank.eventstore.publisher}) of every module. */
    static List<String> groups() {
        return prefixesByModule().keySet().stream().flatMap(m -> names(metadata(m), "groups").stream()).distinct().toList();
    }

    private Settings() {
    }
}
