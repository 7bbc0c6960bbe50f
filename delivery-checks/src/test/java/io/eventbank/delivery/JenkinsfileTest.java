package io.eventbank.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import groovy.lang.GroovyShell;
import java.nio.file.Files;
import java.util.regex.Pattern;
import org.codehaus.groovy.control.CompilationFailedException;
import org.junit.jupiter.api.Test;

/** The Jenkinsfile, compiled as Groovy (never run) and checked against the repository. */
class JenkinsfileTest {

    private final String jenkinsfile = Repository.read("Jenkinsfile");

    @Test
    void compilesAsGroovy() {
        assertThat(new GroovyShell().parse(jenkinsfile, "Jenkinsfile")).isNotNull();
        assertThatThrownBy(() -> new GroovyShell().parse("pipeline { stages { stage('x') {", "Broken"))
                .isInstanceOf(CompilationFailedException.class);
    }

    @Test
    void buildsAndTestsOnceWithTheReadmeCommandAndArchivesReports() {
        assertThat(Pattern.compile(Pattern.quote("./mvnw -B verify")).matcher(jenkinsfile).results().count())
                .isEqualTo(1);
        assertThat(jenkinsfile).contains("junit testResults: '**/target/surefire-reports/*.xml");
    }

    @Test
    void hasAPipelinePerServiceTriggeredByItsChanges() {
        for (String service : Repository.services()) {
            assertThat(jenkinsfile).as(service)
                    .contains("stage('" + service + "')")
                    .contains("changeset '" + service + "/**'")
                    .contains("docker/build.sh " + service + " ")
                    .contains("publish('" + service + "')");
        }
        assertThat(jenkinsfile).contains("changeset 'eventstore-*/**'", "changeset 'banking-events/**'",
                "changeset 'pom.xml'", "when { branch 'main' }", "docker/compose-smoke.sh");
    }

    @Test
    void namesOnlyScriptsThatExist() {
        var scripts = Pattern.compile("docker/[a-z-]+\\.sh").matcher(jenkinsfile).results()
                .map(r -> r.group()).distinct().toList();
        assertThat(scripts).contains("docker/build.sh", "docker/publish.sh", "docker/compose-smoke.sh");
        assertThat(scripts).allSatisfy(script ->
                assertThat(Files.isExecutable(Repository.path(script))).as(script + " executable").isTrue());
        assertThat(Repository.read("docker/compose-smoke.sh")).contains("docker/smoke-test.sh");
    }
}
