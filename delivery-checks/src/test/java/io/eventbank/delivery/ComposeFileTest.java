package io.eventbank.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docker-compose.yml, checked without a Docker engine. */
class ComposeFileTest {

    static final List<String> INFRASTRUCTURE = List.of("postgres", "kafka", "mongo");
    static final Pattern PINNED = Pattern.compile("[a-z0-9./-]+:\\d+\\.\\d+(\\.\\d+)?([_.-][A-Za-z0-9._-]+)?");

    private final Map<String, Object> compose = Repository.yamlMap("docker-compose.yml");

    @SuppressWarnings("unchecked")
    private Map<String, Object> services() {
        return (Map<String, Object>) compose.get("services");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> service(String name) {
        assertThat(services()).as("compose services").containsKey(name);
        return (Map<String, Object>) services().get(name);
    }

    @Test
    void definesTheThreeServicesAndTheirInfrastructure() {
        assertThat(services().keySet()).containsExactlyInAnyOrderElementsOf(
                concat(INFRASTRUCTURE, Repository.services()));
    }

    @Test
    void publishesEachServiceOnItsLocalStackPort() {
        for (var definition : io.eventbank.localstack.ServiceDefinition.ALL) {
            int port = definition.defaultPort();
            assertThat(service(definition.name()).get("ports")).as(definition.name() + " ports")
                    .isEqualTo(List.of(port + ":" + port));
        }
        assertThat(io.eventbank.localstack.ServiceDefinition.ALL)
                .extracting(io.eventbank.localstack.ServiceDefinition::defaultPort)
                .containsExactly(8081, 8082, 8083);
    }

    @Test
    void pinsEveryInfrastructureImageToAnExactVersion() {
        for (String name : INFRASTRUCTURE) {
            String image = (String) service(name).get("image");
            assertThat(image).as(name + " image").matches(PINNED);
        }
        assertThat((String) service("postgres").get("image")).startsWith("postgres:17.");
        assertThat((String) service("kafka").get("image")).startsWith("apache/kafka:4.1.");
        assertThat((String) service("mongo").get("image")).startsWith("mongo:8.0.");
    }

    @Test
    @SuppressWarnings("unchecked")
    void buildsEachServiceImageFromTheOneDockerfileUnderTheProjectName() {
        for (String name : Repository.services()) {
            Map<String, Object> service = service(name);
            assertThat(service.get("image")).as(name + " image")
                    .isEqualTo("${EVENTBANK_REGISTRY:-}eventbank/" + name + ":${EVENTBANK_VERSION:-latest}");
            Map<String, Object> build = (Map<String, Object>) service.get("build");
            assertThat(build).as(name + " build").containsEntry("context", ".")
                    .containsEntry("dockerfile", DockerfileTest.DOCKERFILE);
        }
        assertThat(Repository.path(DockerfileTest.DOCKERFILE)).isRegularFile();
    }

    @Test
    @SuppressWarnings("unchecked")
    void buildArgumentsNameTheServicesModuleAndPort() {
        List<String> modules = Repository.rootModules();
        Set<String> declared = DockerfileTest.arguments(Repository.read(DockerfileTest.DOCKERFILE));
        List<String> built = new ArrayList<>();
        services().forEach((name, value) -> {
            Map<String, Object> build = (Map<String, Object>) ((Map<String, Object>) value).get("build");
            if (build == null) {
                return;
            }
            built.add(name);
            Map<String, Object> args = DockerfileTest.buildArguments(name);
            assertThat(args.keySet()).as(name + " build args are the Dockerfile's ARGs").isEqualTo(declared);
            String module = String.valueOf(args.get("SERVICE"));
            assertThat(module).as(name + " SERVICE").isEqualTo(name);
            assertThat(modules).as(name + " SERVICE is a module of the root pom").contains(module);
            assertThat(Repository.path(module + "/pom.xml")).as(name + " SERVICE module").isRegularFile();
            assertThat(String.valueOf(args.get("PORT"))).as(name + " PORT is the port it publishes")
                    .isEqualTo(String.valueOf(((Map<String, Object>) service(name).get("environment")).get("SERVER_PORT")));
        });
        assertThat(built).as("services built from the Dockerfile").containsExactlyInAnyOrderElementsOf(Repository.services());
        for (var definition : io.eventbank.localstack.ServiceDefinition.ALL) {
            assertThat(String.valueOf(DockerfileTest.buildArguments(definition.name()).get("PORT")))
                    .as(definition.name() + " PORT").isEqualTo(Integer.toString(definition.defaultPort()));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyContainerHasAHealthCheckAndWaitsForHealthyDependencies() {
        services().forEach((name, value) -> {
            Map<String, Object> service = (Map<String, Object>) value;
            assertThat(service).as(name + " healthcheck").containsKey("healthcheck");
            Object dependsOn = service.get("depends_on");
            if (dependsOn != null) {
                assertThat(dependsOn).as(name + " depends_on must use conditions").isInstanceOf(Map.class);
                ((Map<String, Object>) dependsOn).forEach((dependency, condition) -> {
                    assertThat(services()).as(name + " depends on " + dependency).containsKey(dependency);
                    assertThat((Map<String, Object>) condition).as(name + " -> " + dependency)
                            .containsEntry("condition", "service_healthy");
                });
            }
        });
        assertThat(((Map<String, Object>) service("accounts-service").get("depends_on")).keySet())
                .contains("postgres", "kafka");
        assertThat(((Map<String, Object>) service("transfers-service").get("depends_on")).keySet())
                .contains("postgres", "kafka");
        assertThat(((Map<String, Object>) service("account-view-service").get("depends_on")).keySet())
                .contains("mongo", "kafka");
    }

    @Test
    @SuppressWarnings("unchecked")
    void keepsStateInDeclaredNamedVolumes() {
        Map<String, Object> declared = (Map<String, Object>) compose.get("volumes");
        for (String name : INFRASTRUCTURE) {
            List<String> volumes = (List<String>) service(name).get("volumes");
            String named = volumes.stream().filter(v -> !v.startsWith(".") && !v.startsWith("/")).findFirst()
                    .orElseThrow(() -> new AssertionError(name + " has no named volume"));
            assertThat(declared).as("top-level volumes").containsKey(named.substring(0, named.indexOf(':')));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void createsTheDatabaseEachCommandServiceConnectsTo() {
        List<String> volumes = (List<String>) service("postgres").get("volumes");
        String init = volumes.stream().filter(v -> v.endsWith(":/docker-entrypoint-initdb.d:ro")).findFirst()
                .orElseThrow(() -> new AssertionError("postgres has no init script directory"));
        String directory = init.substring(2, init.indexOf(':'));
        String sql = Repository.read(directory + "/01-databases.sql").toLowerCase();
        for (var definition : io.eventbank.localstack.ServiceDefinition.ALL) {
            if (definition.database() == null) {
                continue;
            }
            assertThat(sql).contains("create database " + definition.database() + ";");
            Map<String, Object> environment = (Map<String, Object>) service(definition.name()).get("environment");
            assertThat(String.valueOf(environment.get("SPRING_DATASOURCE_URL")))
                    .isEqualTo("jdbc:postgresql://postgres:5432/" + definition.database());
        }
        Map<String, Object> view = (Map<String, Object>) service("account-view-service").get("environment");
        assertThat(String.valueOf(view.get("SPRING_MONGODB_URI")))
                .isEqualTo("mongodb://mongo:27017/" + io.eventbank.localstack.ServiceDefinition.VIEW_DATABASE);
    }

    @Test
    @SuppressWarnings("unchecked")
    void givesContainersTheSameVariablesAsTheLocalStack() {
        var infra = new io.eventbank.infra.InfraEndpoints("jdbc:postgresql://h/postgres", "u", "p", "k:9092", "mongodb://m");
        for (var definition : io.eventbank.localstack.ServiceDefinition.ALL) {
            Map<String, Object> environment = (Map<String, Object>) service(definition.name()).get("environment");
            assertThat(environment.keySet()).as(definition.name() + " environment in compose vs local-stack")
                    .containsExactlyInAnyOrderElementsOf(definition.environment(definition.defaultPort(), infra, db -> db).keySet());
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
