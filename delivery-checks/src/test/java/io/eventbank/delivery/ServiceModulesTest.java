package io.eventbank.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker/ServiceModules.java, which tells the Jenkinsfile what each image is built from, on a small
 * build of its own: transitive dependencies in, test scope out, parents as their pom.xml only.
 */
class ServiceModulesTest {

    @TempDir
    Path build;

    @Test
    void followsTheModuleGraphOfThePoms() throws Exception {
        pom("", "<groupId>g</groupId><artifactId>root</artifactId><packaging>pom</packaging>"
                + "<modules><module>lib-a</module><module>lib-b</module><module>lib-t</module>"
                + "<module>svc</module><module>apps</module></modules>");
        pom("lib-a", parent("root") + "<artifactId>lib-a</artifactId>");
        pom("lib-b", parent("root") + "<artifactId>lib-b</artifactId><dependencies>"
                + dependency("g", "lib-a", null) + "</dependencies>");
        pom("lib-t", parent("root") + "<artifactId>lib-t</artifactId>");
        pom("svc", parent("root") + "<artifactId>svc</artifactId><dependencies>"
                + dependency("g", "lib-b", null) + dependency("g", "lib-t", "test") + dependency("other", "x", null)
                + "</dependencies><dependencyManagement><dependencies>" + dependency("g", "lib-t", null)
                + "</dependencies></dependencyManagement>");
        pom("apps", parent("root") + "<artifactId>apps</artifactId><packaging>pom</packaging>"
                + "<modules><module>web</module></modules>");
        pom("apps/web", parent("apps") + "<artifactId>web</artifactId><dependencies>"
                + dependency("${project.groupId}", "lib-a", "runtime") + "</dependencies>");

        ShellScriptsTest.Result result = run("svc", "apps/web", "lib-b");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output().lines().toList()).containsExactly(
                "svc svc/ lib-a/ lib-b/ pom.xml",
                "apps/web apps/web/ lib-a/ apps/pom.xml pom.xml",
                "lib-b lib-b/ lib-a/ pom.xml");

        ShellScriptsTest.Result unknown = run("web-app");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.output()).contains("'web-app' is not a module", "lib-a, lib-b, lib-t, svc, apps, apps/web");
    }

    private ShellScriptsTest.Result run(String... services) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "docker/ServiceModules.java", "--root", build.toString()));
        command.addAll(List.of(services));
        return ShellScriptsTest.run(command, Map.of());
    }

    private void pom(String directory, String content) throws Exception {
        Path dir = build.resolve(directory);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("pom.xml"), "<project><modelVersion>4.0.0</modelVersion>" + content + "</project>");
    }

    private static String parent(String artifactId) {
        return "<parent><groupId>g</groupId><artifactId>" + artifactId + "</artifactId><version>1</version></parent>";
    }

    private static String dependency(String groupId, String artifactId, String scope) {
        return "<dependency><groupId>" + groupId + "</groupId><artifactId>" + artifactId + "</artifactId>"
                + (scope == null ? "" : "<scope>" + scope + "</scope>") + "</dependency>";
    }
}
