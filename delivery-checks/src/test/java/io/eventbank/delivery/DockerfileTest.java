package io.eventbank.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventbank.localstack.ServiceDefinition;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The service Dockerfiles, checked without a Docker engine. */
class DockerfileTest {

    static final Pattern FROM = Pattern.compile("(?m)^FROM\\s+(\\S+)");
    static final Pattern PINNED_JRE = Pattern.compile("eclipse-temurin:21\\.\\d+\\.\\d+_\\d+-jre(-[a-z]+)?");

    @Test
    void pinsTheJavaRuntimeImage() {
        for (ServiceDefinition service : ServiceDefinition.ALL) {
            List<String> bases = all(FROM, dockerfile(service));
            assertThat(bases).as(service.name() + " FROM").isNotEmpty()
                    .allSatisfy(base -> assertThat(base).matches(PINNED_JRE));
        }
    }

    @Test
    void copiesTheJarTheBuildProducesAndRunsItsExtractedLayers() {
        for (ServiceDefinition service : ServiceDefinition.ALL) {
            String dockerfile = dockerfile(service);
            String jar = service.name() + "/target/" + service.name() + ".jar";
            assertThat(dockerfile).contains("COPY " + jar + " application.jar")
                    .contains("java -Djarmode=tools -jar application.jar extract --layers")
                    .contains("COPY --from=layers /build/extracted/dependencies/ ./")
                    .contains("COPY --from=layers /build/extracted/application/ ./")
                    .contains("-jar application.jar\"]");
            assertThat(jar).isEqualTo(ServiceDefinition.ALL.get(ServiceDefinition.ALL.indexOf(service))
                    .jar(Repository.ROOT).toString().substring(Repository.ROOT.toString().length() + 1));
            assertThat(Repository.read(".dockerignore").lines()).as(".dockerignore lets the jar through")
                    .contains("!" + jar);
        }
    }

    @Test
    void exposesTheServicePortAndProbesReadiness() {
        for (ServiceDefinition service : ServiceDefinition.ALL) {
            String dockerfile = dockerfile(service);
            assertThat(single(Pattern.compile("(?m)^EXPOSE\\s+(\\d+)\\s*$"), dockerfile))
                    .as(service.name() + " EXPOSE").isEqualTo(Integer.toString(service.defaultPort()));
            assertThat(single(Pattern.compile("(?m)SERVER_PORT=(\\d+)"), dockerfile))
                    .as(service.name() + " SERVER_PORT").isEqualTo(Integer.toString(service.defaultPort()));
            assertThat(dockerfile).containsPattern("(?m)^HEALTHCHECK .*CMD \\[\"/usr/local/bin/healthcheck\"\\]")
                    .contains("COPY docker/healthcheck.sh /usr/local/bin/healthcheck");
        }
        assertThat(Files.isExecutable(Repository.path("docker/healthcheck.sh"))).isTrue();
        assertThat(Repository.read("docker/healthcheck.sh")).contains(ServiceDefinition.READINESS_PATH);
        assertThat(Repository.read(".dockerignore").lines()).contains("!docker/healthcheck.sh");
    }

    @Test
    void runsAsANonRootUserWithContainerAwareMemory() {
        for (ServiceDefinition service : ServiceDefinition.ALL) {
            String dockerfile = dockerfile(service);
            String user = single(Pattern.compile("(?m)^USER\\s+(\\S+)"), dockerfile);
            assertThat(user).as(service.name() + " USER").doesNotStartWith("root").doesNotStartWith("0");
            assertThat(dockerfile).contains("-XX:MaxRAMPercentage=");
        }
    }

    private static String dockerfile(ServiceDefinition service) {
        return Repository.read(service.name() + "/Dockerfile");
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
