package io.eventbank.delivery;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Reads the repository's delivery files and the services' configuration as the checks see them. */
final class Repository {

    static final Path ROOT = findRoot();

    private Repository() {
    }

    private static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("repository root (with mvnw) not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    static String read(String relative) {
        try {
            return Files.readString(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + relative, e);
        }
    }

    static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new Yaml(new SafeConstructor(options));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> yamlMap(String relative) {
        try (Reader reader = Files.newBufferedReader(path(relative))) {
            return (Map<String, Object>) yaml().load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + relative, e);
        }
    }

    /**
     * The service's own configuration, flattened to dotted keys (all YAML documents, all profiles),
     * from {@code src/main/resources/application.{yml,yaml,properties}} or, for a service that sets
     * {@code spring.config.name} to its own name, {@code <service>.{yml,yaml,properties}}.
     */
    static Map<String, String> serviceProperties(String service) {
        Path resources = path(service).resolve("src/main/resources");
        Map<String, String> properties = new LinkedHashMap<>();
        List<Path> found = new ArrayList<>();
        for (String name : List.of("application.yml", "application.yaml", service + ".yml", service + ".yaml")) {
            Path file = resources.resolve(name);
            if (Files.isRegularFile(file)) {
                found.add(file);
                try (Reader reader = Files.newBufferedReader(file)) {
                    for (Object document : yaml().loadAll(reader)) {
                        flatten("", document, properties);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        for (String name : List.of("application.properties", service + ".properties")) {
            Path propertiesFile = resources.resolve(name);
            if (!Files.isRegularFile(propertiesFile)) {
                continue;
            }
            found.add(propertiesFile);
            Properties p = new Properties();
            try (Reader reader = Files.newBufferedReader(propertiesFile)) {
                p.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            p.stringPropertyNames().forEach(k -> properties.put(k, p.getProperty(k)));
        }
        if (found.isEmpty()) {
            throw new AssertionError("no application.yml/.yaml/.properties (or " + service + ".yml) under " + ROOT.relativize(resources)
                    + " (is the " + service + " module on this checkout?)");
        }
        return properties;
    }

    static void flatten(String prefix, Object node, Map<String, String> into) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, into));
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                flatten(prefix + "[" + i + "]", list.get(i), into);
            }
        } else if (!prefix.isEmpty()) {
            into.put(prefix, node == null ? "" : String.valueOf(node));
        }
    }

    /**
     * Whether Spring Boot's relaxed binding maps the environment variable onto one of the
     * properties, or a property value reads it through a {@code ${NAME...}} placeholder.
     */
    static boolean environmentVariableIsRead(String variable, Map<String, String> properties) {
        String wanted = canonical(variable);
        return properties.keySet().stream().anyMatch(key -> canonical(key).equals(wanted))
                || properties.values().stream().anyMatch(value -> value.contains("${" + variable + "}")
                        || value.contains("${" + variable + ":"));
    }

    static String canonical(String name) {
        return name.replaceAll("[._\\-\\[\\]]", "").toLowerCase(Locale.ROOT);
    }

    static List<String> services() {
        return io.eventbank.localstack.ServiceDefinition.ALL.stream()
                .map(io.eventbank.localstack.ServiceDefinition::name).toList();
    }

    /** The {@code <modules>} of the root pom, as written. */
    static List<String> rootModules() {
        try {
            Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(path("pom.xml").toFile()).getDocumentElement();
            NodeList modules = project.getElementsByTagName("module");
            List<String> names = new ArrayList<>();
            for (int i = 0; i < modules.getLength(); i++) {
                names.add(modules.item(i).getTextContent().trim());
            }
            return names;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the root pom's modules", e);
        }
    }

    /** The modules of the root pom that are Spring Boot applications ({@code @SpringBootApplication} in src/main/java). */
    static List<String> applicationModules() {
        List<String> applications = new ArrayList<>();
        for (String module : rootModules()) {
            Path sources = path(module).resolve("src/main/java");
            if (!Files.isDirectory(sources)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(sources)) {
                if (files.filter(f -> f.toString().endsWith(".java")).anyMatch(Repository::isApplication)) {
                    applications.add(module);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return applications;
    }

    private static boolean isApplication(Path source) {
        try {
            return Files.readString(source).contains("@SpringBootApplication");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
