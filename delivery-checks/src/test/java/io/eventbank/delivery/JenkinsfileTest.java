package io.eventbank.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import groovy.lang.Binding;
import groovy.lang.Closure;
import groovy.lang.GroovyShell;
import groovy.lang.Script;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.runtime.InvokerHelper;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The Jenkinsfile, compiled as Groovy and checked against the repository. Its top level runs with a
 * {@code pipeline} that does nothing (so its list of services can be read), and its helper methods
 * run on their own; the pipeline itself never runs.
 */
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
    void archivesTheJarOfEveryService() {
        assertThat(jenkinsfile).contains("archiveArtifacts artifacts: serviceJars(), fingerprint: true");
        String jars = (String) loaded().invokeMethod("serviceJars", new Object[0]);
        assertThat(List.of(jars.split(","))).as("serviceJars()").containsExactlyElementsOf(
                io.eventbank.localstack.ServiceDefinition.ALL.stream()
                        .map(s -> Repository.ROOT.relativize(s.jar(Repository.ROOT)).toString()).toList());
    }

    @Test
    void generatesThePipelineOfEveryServiceFromOneList() {
        List<String> services = services(loaded());
        assertThat(services).as("the Jenkinsfile's services").containsExactlyElementsOf(Repository.services());
        for (String service : services) {
            assertThat(Pattern.compile(Pattern.quote(service)).matcher(jenkinsfile).results().count())
                    .as(service + " is named once, in the list").isEqualTo(1);
        }
        assertThat(jenkinsfile).contains("for (String service in services)", "stage(service)", "servicePipeline(service)",
                        "stage(\"${service}: image\")", "stage(\"${service}: smoke test\")", "stage(\"${service}: publish\")",
                        "sh \"docker/build.sh ${service} \\\"\\$EVENTBANK_VERSION\\\"\"",
                        "COMPOSE_PROJECT_NAME=\"eventbank-ci-$BUILD_NUMBER\" EVENTBANK_ENV_FILE=",
                        "if (env.BRANCH_NAME == 'main')", "publish(service)",
                        "docker compose --project-name \"eventbank-ci-$BUILD_NUMBER\" --env-file ")
                .as("no hand-kept changesets").doesNotContain("changeset '");
        // compose interpolates the env file's secrets for down as for up: the clean-up passes the same file
        var up = Pattern.compile("EVENTBANK_ENV_FILE=(\\S+) docker/compose-smoke\\.sh").matcher(jenkinsfile);
        var down = Pattern.compile("--env-file (\\S+) down --volumes --remove-orphans").matcher(jenkinsfile);
        assertThat(up.find()).as("the smoke test's env file").isTrue();
        assertThat(down.find()).as("post: docker compose ... --env-file FILE down").isTrue();
        assertThat(down.group(1)).as("env file of down vs up").isEqualTo(up.group(1));
    }

    @Test
    @SuppressWarnings("unchecked")
    void derivesWhatEachServiceIsBuiltFromFromThePoms() throws Exception {
        Script script = loaded();
        List<String> services = services(script);
        assertThat(jenkinsfile).contains("sh(returnStdout: true, script: \"docker/service-modules.sh ${services.join(' ')}\")");
        List<String> command = new ArrayList<>(List.of("docker/service-modules.sh"));
        command.addAll(services);
        ShellScriptsTest.Result result = ShellScriptsTest.run(command,
                Map.of("JAVA_HOME", System.getProperty("java.home")));
        assertThat(result.exitCode()).as("docker/service-modules.sh: " + result.output()).isZero();
        Map<String, List<String>> builtFrom = (Map<String, List<String>>) script.invokeMethod("parseBuiltFrom",
                result.output());
        assertThat(builtFrom.keySet()).containsExactlyElementsOf(services);

        Map<String, String> moduleOfArtifact = new HashMap<>();
        for (String module : Repository.rootModules()) {
            moduleOfArtifact.put(text(pom(module), "/project/artifactId"), module);
        }
        assertThat(moduleOfArtifact).doesNotContainKey("");
        for (String service : services) {
            List<String> paths = builtFrom.get(service);
            assertThat(paths).as(service).startsWith(service + "/").contains("pom.xml").doesNotHaveDuplicates()
                    .allSatisfy(path -> assertThat(Repository.path(path)).as(service + ": " + path).exists());
            List<Node> dependencies = nodes(pom(service), "/project/dependencies/dependency");
            assertThat(dependencies).as(service + " dependencies").isNotEmpty();
            for (Node dependency : dependencies) {
                String module = moduleOfArtifact.get(text(dependency, "artifactId"));
                if (module != null && !"test".equals(text(dependency, "scope"))) {
                    assertThat(paths).as(service + " depends on " + module).contains(module + "/");
                }
            }
        }
        for (String service : List.of("accounts-service", "transfers-service")) {
            assertThat(builtFrom.get(service)).as(service).contains("eventstore-postgres/", "eventstore-kafka/",
                    "eventstore-core/", "banking-events/", "service-support/").doesNotContain("test-support/", "local-infra/");
        }
        assertThat(builtFrom.get("account-view-service")).as("the view: eventstore-kafka only, test scope left out")
                .contains("eventstore-kafka/", "eventstore-core/", "banking-events/", "service-support/")
                .doesNotContain("eventstore-postgres/", "local-infra/", "test-support/");
    }

    @Test
    @SuppressWarnings("unchecked")
    void runsAServicesPipelineWhenAChangeTouchesWhatItIsBuiltFrom() {
        Script script = loaded();
        List<String> delivery = (List<String>) script.getBinding().getVariable("deliveryPaths");
        assertThat(delivery).contains("docker/", "docker-compose.yml");
        List<String> view = new ArrayList<>(List.of("account-view-service/", "eventstore-kafka/", "pom.xml"));
        view.addAll(delivery);
        for (String change : List.of("account-view-service/src/main/java/X.java", "eventstore-kafka/pom.xml", "pom.xml",
                "docker/Dockerfile", "docker-compose.yml")) {
            assertThat(script.invokeMethod("touches", new Object[] {List.of("docs/x.md", change), view}))
                    .as(change).isEqualTo(true);
        }
        assertThat(script.invokeMethod("touches", new Object[] {List.of("eventstore-postgres/src/X.java",
                "docs/operations.md", "account-view-service-old/x", "accounts-service/pom.xml", "benchmarks/pom.xml"), view}))
                .isEqualTo(false);
        assertThat(script.invokeMethod("touches", new Object[] {List.of(), view})).isEqualTo(false);
    }

    @Test
    @SuppressWarnings("unchecked")
    void readsTheFilesTheBuildsChangesTouchedAndRunsEverythingOnAFirstOrManualBuild() {
        Script script = loaded();
        script.getBinding().setVariable("currentBuild", Map.of("changeSets", List.of(
                Map.of("items", List.of(Map.of("affectedFiles", List.of(Map.of("path", "a/B.java"), Map.of("path", "pom.xml"))))),
                Map.of("items", List.of(Map.of("affectedFiles", List.of(Map.of("path", "docs/x.md"))))))));
        assertThat((List<String>) script.invokeMethod("changedPaths", new Object[0]))
                .containsExactly("a/B.java", "pom.xml", "docs/x.md");
        assertThat(jenkinsfile).contains("currentBuild.changeSets.isEmpty() ||",
                "!currentBuild.getBuildCauses('hudson.model.Cause$UserIdCause').isEmpty()",
                "if (everything || touches(changed, paths))");
    }

    @Test
    void namesOnlyScriptsThatExist() {
        var scripts = Pattern.compile("docker/[a-z-]+\\.sh").matcher(jenkinsfile).results()
                .map(r -> r.group()).distinct().toList();
        assertThat(scripts).contains("docker/build.sh", "docker/publish.sh", "docker/compose-smoke.sh",
                "docker/service-modules.sh");
        // all exist; those it runs are executable (docker/services.sh, which it only names, is sourced)
        assertThat(scripts).allSatisfy(script -> assertThat(Repository.path(script)).as(script).isRegularFile());
        assertThat(scripts).filteredOn(script -> Repository.read(script).startsWith("#!")).contains("docker/build.sh",
                "docker/publish.sh", "docker/compose-smoke.sh", "docker/service-modules.sh").allSatisfy(script ->
                assertThat(Files.isExecutable(Repository.path(script))).as(script + " executable").isTrue());
        assertThat(Repository.read("docker/compose-smoke.sh")).contains("docker/smoke-test.sh");
    }

    private static Class<? extends Script> compiled;

    /** The Jenkinsfile after its top level ran with a {@code pipeline} step that does nothing. */
    static synchronized Script loaded() {
        if (compiled == null) {
            compiled = new GroovyShell().parse(Repository.read("Jenkinsfile"), "Jenkinsfile").getClass();
        }
        Binding binding = new Binding();
        binding.setVariable("pipeline", new Closure<Object>(null) {
            @Override
            public Object call(Object... args) {
                return null;
            }
        });
        Script script = InvokerHelper.createScript(compiled, binding);
        script.run();
        return script;
    }

    @SuppressWarnings("unchecked")
    static List<String> services(Script script) {
        assertThat(script.getBinding().hasVariable("services")).as("Jenkinsfile: services = [...]").isTrue();
        return (List<String>) script.getBinding().getVariable("services");
    }

    private static final XPath XPATH = XPathFactory.newInstance().newXPath();

    /** The pom's own document, read as plain XML: the expectation is not drawn from ServiceModules' reading. */
    private static Document pom(String module) {
        try {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(Repository.path(module + "/pom.xml").toFile());
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + module + "/pom.xml", e);
        }
    }

    /** The text at an XPath below a node; empty when there is none. */
    private static String text(Node node, String path) {
        try {
            return XPATH.evaluate(path, node).trim();
        } catch (XPathExpressionException e) {
            throw new IllegalArgumentException(path, e);
        }
    }

    private static List<Node> nodes(Node node, String path) {
        try {
            NodeList list = (NodeList) XPATH.evaluate(path, node, XPathConstants.NODESET);
            return IntStream.range(0, list.getLength()).mapToObj(list::item).toList();
        } catch (XPathExpressionException e) {
            throw new IllegalArgumentException(path, e);
        }
    }
}
