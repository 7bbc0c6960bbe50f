package io.eventbank.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventbank.localstack.ServiceDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The services that have an image are listed in a few places that must agree: the Jenkinsfile's
 * list, docker/services.sh (with the ports), the services docker-compose.yml builds and the local
 * stack's definitions. Every Spring Boot application module of the root pom must be in all of them.
 */
class ServiceListTest {

    @Test
    void findsTheApplicationModulesOfTheRootPom() {
        assertThat(Repository.rootModules()).contains("accounts-service", "local-stack", "benchmarks");
        assertThat(Repository.applicationModules()).as("modules with a @SpringBootApplication")
                .contains("auth-service", "accounts-service", "transfers-service", "account-view-service", "web-app")
                .doesNotContain("local-stack", "benchmarks", "service-support");
    }

    @Test
    void everyApplicationModuleHasAnImageInEveryList() throws Exception {
        List<String> applications = Repository.applicationModules();
        List<String> jenkins = JenkinsfileTest.services(JenkinsfileTest.loaded());
        assertThat(jenkins).as("the Jenkinsfile's services vs the root pom's Spring Boot applications")
                .containsExactlyInAnyOrderElementsOf(applications);
        assertThat(servicesSh()).as("docker/services.sh, in the Jenkinsfile's order").containsExactlyElementsOf(jenkins);
        assertThat(composeBuilds()).as("services docker-compose.yml builds").containsExactlyInAnyOrderElementsOf(applications);
        assertThat(Repository.services()).as("local-stack ServiceDefinition.ALL").containsExactlyInAnyOrderElementsOf(applications);
    }

    @Test
    void servicesShGivesEveryServiceThePortItListensOn() throws Exception {
        ShellScriptsTest.Result ports = ShellScriptsTest.run(List.of("bash", "-c",
                ". docker/services.sh && for s in \"${EVENTBANK_SERVICES[@]}\"; do echo \"$s $(eventbank_service_port \"$s\")\"; done"));
        assertThat(ports.exitCode()).as(ports.output()).isZero();
        assertThat(ports.output().lines().toList()).containsExactlyElementsOf(
                ServiceDefinition.ALL.stream().map(s -> s.name() + " " + s.defaultPort()).toList());
        ShellScriptsTest.Result unknown = ShellScriptsTest.run(List.of("bash", "-c",
                ". docker/services.sh && eventbank_service_port billing-service"));
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.output()).contains("unknown service 'billing-service'");
    }

    @Test
    void everyServiceOfTheLocalStackIsAModuleOfTheRootPom() {
        assertThat(Repository.rootModules()).containsAll(Repository.services());
        assertThat(Repository.services()).allSatisfy(s -> assertThat(Repository.path(s + "/pom.xml")).isRegularFile());
    }

    static List<String> servicesSh() throws Exception {
        ShellScriptsTest.Result result = ShellScriptsTest.run(List.of("bash", "-c",
                ". docker/services.sh && printf '%s\\n' \"${EVENTBANK_SERVICES[@]}\""));
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result.output().lines().toList();
    }

    @SuppressWarnings("unchecked")
    private static List<String> composeBuilds() {
        Map<String, Object> services = (Map<String, Object>) Repository.yamlMap("docker-compose.yml").get("services");
        List<String> built = new ArrayList<>();
        services.forEach((name, service) -> {
            if (((Map<String, Object>) service).containsKey("build")) {
                built.add(name);
            }
        });
        return built;
    }
}
