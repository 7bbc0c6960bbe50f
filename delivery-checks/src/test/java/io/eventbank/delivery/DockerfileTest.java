package io.eventbank.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventbank.localstack.ServiceDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docker/Dockerfile, the one image definition of every service (build arguments SERVICE and PORT),
 * checked without a Docker engine: as written, and as rendered with each service's arguments from
 * docker-compose.yml.
 */
class DockerfileTest {

    static final String DOCKERFILE = "docker/Dockerfile";
    static final Pattern FROM = Pattern.compile("(?m)^FROM\\s+(\\S+)");
    static final Pattern PINNED_JRE = Pattern.compile("eclipse-temurin:21\\.\\d+\\.\\d+_\\d+-jre(-[a-z]+)?");
    static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)");
    static final Set<String> SKIPPED_DIRECTORIES = Set.of(".git", "target", ".local-stack", "node_modules", ".mvn");

    private final String dockerfile = Repository.read(DOCKERFILE);

    @Test
    void isTheOnlyDockerfile() throws IOException {
        List<String> dockerfiles = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Repository.ROOT)) {
            files.filter(p -> isDockerfile(p.getFileName().toString()) && Files.isRegularFile(p))
                    .map(p -> Repository.ROOT.relativize(p).toString())
                    .filter(p -> Stream.of(p.split("/")).noneMatch(SKIPPED_DIRECTORIES::contains))
                    .forEach(dockerfiles::add);
        }
        assertThat(dockerfiles).as("one Dockerfile, parameterised by service").containsExactly(DOCKERFILE);
    }

    private static boolean isDockerfile(String name) {
        return name.equals("Dockerfile") || name.startsWith("Dockerfile.") || name.endsWith(".Dockerfile");
    }

    @Test
    void pinsTheJavaRuntimeImage() {
        List<String> bases = all(FROM, dockerfile);
        assertThat(bases).as("FROM").hasSize(2).allSatisfy(base -> assertThat(base).matches(PINNED_JRE));
        assertThat(Set.copyOf(bases)).as("build and runtime stages on the same JRE").hasSize(1);
    }

    @Test
    void takesTheServiceAndItsPortAsBuildArgumentsAndRequiresBoth() {
        assertThat(arguments(dockerfile)).containsExactlyInAnyOrder("SERVICE", "PORT");
        assertThat(dockerfile).contains("[ -n \"$SERVICE\" ] && [ -n \"$PORT\" ]");
        assertThat(undeclaredVariables(dockerfile)).as("variables used where their stage declares no ARG or ENV")
                .isEmpty();
    }

    @Test
    void findsVariablesItsStageDoesNotDeclare() {
        assertThat(undeclaredVariables("""
                FROM base AS layers
                ARG SERVICE
                COPY ${SERVICE}/target/${SERVICE}.jar app.jar
                FROM base
                ENV A=1 \\
                    B="$A x"
                EXPOSE ${PORT}
                COPY --from=layers /build/${SERVICE}/ ./
                ENTRYPOINT ["sh", "-c", "exec java $B"]
                """)).containsExactly("PORT", "SERVICE");
    }

    @Test
    void copiesTheJarTheBuildProducesAndRunsItsExtractedLayers() {
        assertThat(dockerfile).contains("COPY ${SERVICE}/target/${SERVICE}.jar application.jar")
                .contains("java -Djarmode=tools -jar application.jar extract --layers")
                .contains("COPY --from=layers /build/extracted/dependencies/ ./")
                .contains("COPY --from=layers /build/extracted/application/ ./")
                .contains("-jar application.jar\"]");
        for (ServiceDefinition service : ServiceDefinition.ALL) {
            String rendered = render(dockerfile, buildArguments(service.name()));
            String jar = Repository.ROOT.relativize(service.jar(Repository.ROOT)).toString();
            assertThat(rendered).as(service.name()).contains("COPY " + jar + " application.jar");
            assertThat(Repository.read(".dockerignore").lines()).as(".dockerignore lets the jar through")
                    .contains("!" + jar);
        }
    }

    @Test
    void exposesTheServicePortAndProbesReadiness() {
        for (ServiceDefinition service : ServiceDefinition.ALL) {
            String rendered = render(dockerfile, buildArguments(service.name()));
            assertThat(single(Pattern.compile("(?m)^EXPOSE\\s+(\\d+)\\s*$"), rendered))
                    .as(service.name() + " EXPOSE").isEqualTo(Integer.toString(service.defaultPort()));
            assertThat(single(Pattern.compile("(?m)SERVER_PORT=(\\d+)"), rendered))
                    .as(service.name() + " SERVER_PORT").isEqualTo(Integer.toString(service.defaultPort()));
        }
        // the probe's endpoint: every service exposes health with its readiness group
        for (ServiceDefinition service : ServiceDefinition.ALL) {
            Map<String, String> properties = Repository.serviceProperties(service.name());
            assertThat(properties).as(service.name() + " readiness probe").containsEntry("management.endpoint.health.probes.enabled", "true");
            String include = properties.get("management.endpoints.web.exposure.include");
            assertThat(include).as(service.name() + " exposed endpoints").isNotNull();
            assertThat(include.split("\\s*,\\s*")).as(service.name() + " exposed endpoints").contains("health");
        }
        assertThat(dockerfile).containsPattern("(?m)^HEALTHCHECK .*CMD \\[\"/usr/local/bin/healthcheck\"\\]")
                .contains("COPY docker/healthcheck.sh /usr/local/bin/healthcheck");
        assertThat(Files.isExecutable(Repository.path("docker/healthcheck.sh"))).isTrue();
        assertThat(Repository.read("docker/healthcheck.sh")).contains(ServiceDefinition.READINESS_PATH);
        assertThat(Repository.read(".dockerignore").lines()).contains("!docker/healthcheck.sh");
    }

    @Test
    void runsAsANonRootUserWithContainerAwareMemory() {
        String user = single(Pattern.compile("(?m)^USER\\s+(\\S+)"), dockerfile);
        assertThat(user).doesNotStartWith("root").doesNotStartWith("0");
        assertThat(dockerfile).contains("-XX:MaxRAMPercentage=");
    }

    /** The build arguments docker-compose.yml gives the service's image. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> buildArguments(String service) {
        Map<String, Object> services = (Map<String, Object>) Repository.yamlMap("docker-compose.yml").get("services");
        Map<String, Object> build = (Map<String, Object>) ((Map<String, Object>) services.get(service)).get("build");
        assertThat(build).as(service + " build").isNotNull().containsKey("args");
        return (Map<String, Object>) build.get("args");
    }

    /** The names of the ARG instructions. */
    static Set<String> arguments(String dockerfile) {
        Set<String> names = new LinkedHashSet<>();
        for (String instruction : instructions(dockerfile)) {
            if (instruction.startsWith("ARG ")) {
                names.add(instruction.substring(4).trim().split("=")[0]);
            }
        }
        return names;
    }

    /**
     * Variables an instruction uses before its stage declares them (ARG and ENV end at the next FROM),
     * in order of first use.
     */
    static List<String> undeclaredVariables(String dockerfile) {
        Set<String> undeclared = new LinkedHashSet<>();
        Set<String> declared = new LinkedHashSet<>();
        for (String instruction : instructions(dockerfile)) {
            String keyword = instruction.split("\\s+", 2)[0];
            String rest = instruction.substring(keyword.length()).trim();
            if (keyword.equals("FROM")) {
                declared.clear();
                continue;
            }
            if (keyword.equals("ENV")) {
                // ENV A=1 B="$A x": every value may use the names before it
                Matcher pair = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S*)").matcher(rest);
                while (pair.find()) {
                    used(pair.group(2), declared, undeclared);
                    declared.add(pair.group(1));
                }
                continue;
            }
            if (keyword.equals("ARG")) {
                declared.add(rest.split("=")[0]);
                continue;
            }
            used(rest, declared, undeclared);
        }
        return List.copyOf(undeclared);
    }

    private static void used(String text, Set<String> declared, Set<String> undeclared) {
        Matcher m = VARIABLE.matcher(text);
        while (m.find()) {
            if (!declared.contains(m.group(1))) {
                undeclared.add(m.group(1));
            }
        }
    }

    /** Instructions with continuation lines joined, comments and the parser directive left out. */
    static List<String> instructions(String dockerfile) {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : dockerfile.lines().toList()) {
            if (line.trim().startsWith("#") || (line.isBlank() && current.isEmpty())) {
                continue;
            }
            boolean continues = line.endsWith("\\");
            current.append(continues ? line.substring(0, line.length() - 1) : line).append(' ');
            if (!continues) {
                instructions.add(current.toString().trim());
                current.setLength(0);
            }
        }
        return instructions;
    }

    /** The Dockerfile with {@code ${NAME}} and {@code $NAME} of the build arguments replaced. */
    static String render(String dockerfile, Map<String, Object> arguments) {
        String rendered = dockerfile;
        for (Map.Entry<String, Object> a : arguments.entrySet()) {
            rendered = rendered.replace("${" + a.getKey() + "}", String.valueOf(a.getValue()))
                    .replaceAll("\\$" + a.getKey() + "\\b", Matcher.quoteReplacement(String.valueOf(a.getValue())));
        }
        return rendered;
    }

    private static List<String> all(Pattern pattern, String text) {
        return pattern.matcher(text).results().map(r -> r.group(1)).toList();
    }

    private static String single(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        assertThat(m.find()).as("pattern " + pattern).isTrue();
        String value = m.group(1);
        assertThat(m.find()).as("pattern " + pattern + " only once").isFalse();
        return value;
    }
}
