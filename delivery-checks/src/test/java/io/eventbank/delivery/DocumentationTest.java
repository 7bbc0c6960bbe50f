package io.eventbank.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventbank.eventstore.kafka.autoconfigure.EventSubscriptionProperties;
import io.eventbank.eventstore.postgres.autoconfigure.EventStoreProperties;
import io.eventbank.localstack.ServiceDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The README's first commands and the docs stay in step with the code they describe. */
class DocumentationTest {

    /** A row of a settings table: {@code | `name` | `default` | `ENV` | meaning |}. */
    private static final Pattern SETTING_ROW = Pattern.compile("(?m)^\\| `(eventbank\\.[^`]+)` \\|(.*)\\|\\s*$");

    /** An {@code eventbank.*} name in running text (not a URL like {@code https://eventbank.io/...}, not a topic). */
    private static final Pattern EVENTBANK_NAME = Pattern.compile("(?<![\\w./-])eventbank(?:\\.[a-z][a-z0-9-]*)+(?![\\w/])");

    @Test
    void readmeGivesANewcomerExactlyTwoCommandsFirst() {
        String readme = Repository.read("README.md");
        Matcher firstBlock = Pattern.compile("(?s)```bash\\n(.*?)```").matcher(readme);
        assertThat(firstBlock.find()).isTrue();
        List<String> commands = firstBlock.group(1).lines()
                .map(line -> line.replaceAll("\\s+#.*$", "").trim()).filter(line -> !line.isEmpty()).toList();
        assertThat(commands).containsExactly("./run-local.sh", "./mvnw verify");
        assertThat(readme).contains("docker compose up --build", "Jenkinsfile");
    }

    @Test
    void operationsGuideNamesEveryEventStoreProperty() {
        String operations = Repository.read("docs/operations.md");
        List<String> properties = new ArrayList<>();
        for (Class<?> settings : List.of(EventStoreProperties.class, EventSubscriptionProperties.class)) {
            for (RecordComponent group : settings.getRecordComponents()) {
                for (RecordComponent property : group.getType().getRecordComponents()) {
                    properties.add("eventbank.eventstore." + kebab(group.getName()) + "." + kebab(property.getName()));
                }
            }
        }
        assertThat(properties).hasSizeGreaterThan(10)
                .allSatisfy(property -> assertThat(operations).contains("`" + property + "`"));
    }

    @Test
    void everySettingIsUnderEventbankAndItsArea() {
        Map<String, List<String>> prefixes = Settings.prefixesByModule();
        assertThat(prefixes).containsKeys("eventstore-postgres", "eventstore-kafka", "service-support",
                "transfers-service", "account-view-service", "auth-service", "web-app");
        prefixes.forEach((module, names) -> assertThat(names).as(module + " @ConfigurationProperties")
                .allMatch(prefix -> prefix.matches("eventbank\\.[a-z]+")));
        prefixes.forEach((module, names) -> assertThat(Settings.names(Settings.metadata(module), "groups"))
                .as(module + " " + Settings.METADATA + " (stale? rebuild the module)").containsAll(names));
        assertThat(Settings.properties().keySet()).hasSizeGreaterThan(20).allMatch(name -> name.startsWith("eventbank."));
    }

    @Test
    void operationsGuideListsEverySettingWithItsDefaultAndEnvironmentVariable() {
        String operations = Repository.read("docs/operations.md");
        Map<String, List<String>> rows = new LinkedHashMap<>();
        Matcher row = SETTING_ROW.matcher(operations);
        while (row.find()) {
            List<String> cells = Stream.of(row.group(2).split("\\|", -1)).map(String::trim).toList();
            assertThat(rows.put(row.group(1), cells)).as("second row for " + row.group(1) + " in docs/operations.md").isNull();
        }
        Map<String, Settings.Setting> settings = Settings.properties();
        assertThat(rows.keySet()).as("settings rows of docs/operations.md against the @ConfigurationProperties")
                .containsExactlyInAnyOrderElementsOf(settings.keySet());
        SoftAssertions.assertSoftly(softly -> {
            for (Settings.Setting setting : settings.values()) {
                PropertySource<?> environment = new SystemEnvironmentPropertySource(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(setting.environmentVariable(), "x"));
                softly.assertThat(ConfigurationPropertySource.from(environment)
                                .getConfigurationProperty(ConfigurationPropertyName.of(setting.name())))
                        .as(setting.environmentVariable() + " sets " + setting.name() + " (Boot's relaxed binding)").isNotNull();
                List<String> cells = rows.get(setting.name());
                softly.assertThat(cells).as(setting.name() + ": | `name` | default | environment variable | meaning |").hasSize(3);
                if (cells.size() == 3) {
                    softly.assertThat(cells.get(0)).as(setting.name() + " default (" + setting.module() + ")")
                            .isEqualTo(setting.defaultValue() == null ? "—" : "`" + setting.defaultValue() + "`");
                    softly.assertThat(cells.get(1)).as(setting.name() + " environment variable")
                            .isEqualTo("`" + setting.environmentVariable() + "`");
                    softly.assertThat(cells.get(2)).as(setting.name() + " meaning").isNotBlank();
                }
            }
        });
    }

    @Test
    void operationsGuideNamesNoEventbankSettingThatDoesNotExist() {
        Set<String> known = new HashSet<>(Settings.properties().keySet());
        known.addAll(Settings.groups());
        known.addAll(scopes());
        Matcher name = EVENTBANK_NAME.matcher(Repository.read("docs/operations.md"));
        List<String> unknown = new ArrayList<>();
        while (name.find()) {
            if (!known.contains(name.group())) {
                unknown.add(name.group());
            }
        }
        assertThat(unknown).as("eventbank.* names in docs/operations.md that are no property or group").isEmpty();
    }

    /** The settings were renamed to {@code eventbank.<area>}: no delivery file or doc uses a name without the prefix. */
    @Test
    void noDocOrDeliveryFileUsesASettingWithoutItsEventbankPrefix() {
        List<Pattern> old = new ArrayList<>();
        for (String property : Settings.properties().keySet()) {
            String bare = property.substring("eventbank.".length());
            old.add(Pattern.compile("(?<![\\w.-])" + Pattern.quote(bare) + "(?![\\w-])"));
            String env = Settings.Setting.environmentVariable(bare);
            String legacyEnv = bare.toUpperCase(Locale.ROOT).replaceAll("[.-]", "_");
            for (String variable : new LinkedHashSet<>(List.of(env, legacyEnv))) {
                old.add(Pattern.compile("(?<!\\w)" + Pattern.quote(variable) + "(?!\\w)"));
            }
        }
        List<String> found = new ArrayList<>();
        for (Path file : deliveryAndDocFiles()) {
            String text = read(file);
            for (Pattern pattern : old) {
                if (pattern.matcher(text).find()) {
                    found.add(Repository.ROOT.relativize(file) + ": " + pattern.pattern());
                }
            }
        }
        assertThat(found).as("old (unprefixed) setting names").isEmpty();
    }

    /** The OAuth2 scopes (service-support's Scopes), named like settings but none. */
    static List<String> scopes() {
        String source = Repository.read("service-support/src/main/java/io/eventbank/support/security/Scopes.java");
        List<String> scopes = Pattern.compile("static final String [A-Z_]+ = \"(eventbank\\.[a-z]+)\"").matcher(source)
                .results().map(m -> m.group(1)).toList();
        assertThat(scopes).contains("eventbank.ops", "eventbank.teller");
        return scopes;
    }

    private static List<Path> deliveryAndDocFiles() {
        Set<String> skipped = Set.of("target", "src", ".git", ".mvn", ".local-stack", "node_modules");
        try (Stream<Path> files = Files.walk(Repository.ROOT, 3)) {
            List<Path> found = files.filter(Files::isRegularFile)
                    .filter(f -> {
                        Path relative = Repository.ROOT.relativize(f);
                        for (int i = 0; i < relative.getNameCount() - 1; i++) {
                            if (skipped.contains(relative.getName(i).toString())) {
                                return false;
                            }
                        }
                        return true;
                    })
                    .filter(f -> {
                        String n = f.getFileName().toString();
                        return n.endsWith(".md") || n.endsWith(".yml") || n.endsWith(".yaml") || n.endsWith(".sh")
                                || n.startsWith("Dockerfile") || n.equals("Jenkinsfile") || n.equals("run");
                    })
                    .sorted().toList();
            assertThat(found).extracting(f -> Repository.ROOT.relativize(f).toString())
                    .contains("README.md", "docs/operations.md", "docker-compose.yml", ".ci/run", "run-local.sh");
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @Test
    void apiGuideLinksEachServicesOpenApiDocumentAndSwaggerUi() {
        String api = Repository.read("docs/api.md");
        // the APIs; auth-service, the issuer, is described in docs/security.md
        for (ServiceDefinition service : ServiceDefinition.APIS) {
            String base = "http://localhost:" + service.defaultPort();
            assertThat(api).contains("| " + service.name() + " | " + service.defaultPort() + " |",
                    base + ServiceDefinition.OPENAPI_PATH, base + ServiceDefinition.SWAGGER_PATH,
                    base + ServiceDefinition.READINESS_PATH);
        }
    }

    @Test
    void architectureHasItsDiagrams() {
        String architecture = Repository.read("docs/architecture.md");
        assertThat(Pattern.compile("```mermaid").matcher(architecture).results().count()).isGreaterThanOrEqualTo(3);
        assertThat(architecture).contains("sequenceDiagram", "RefundRequested", "TransferRefunded",
                "eventbank.Account", "eventbank.MoneyTransfer", "-dlt");
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }
}
