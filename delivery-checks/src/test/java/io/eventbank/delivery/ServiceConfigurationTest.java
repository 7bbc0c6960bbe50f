package io.eventbank.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventbank.localstack.ServiceDefinition;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * What the delivery files tell a service must be something the service reads: every environment
 * variable maps to a property in the service's own configuration, ports agree, and the jar the
 * Dockerfiles and the local stack expect is the one its pom builds. Needs the service modules.
 */
class ServiceConfigurationTest {

    private static final Pattern PLACEHOLDER_DEFAULT = Pattern.compile("\\$\\{[^:}]+:(\\d+)}");

    /**
     * Spring Boot's own properties that compose sets and no application.yml repeats: the pass-through
     * map {@code spring.kafka.properties.*}, which Boot's KafkaProperties hands to every Kafka client
     * (eventstore-kafka builds its producer and consumers from it, KafkaAdmin and the health check use
     * it), the resource server's issuer and key set (service-support's SecurityDefaults), and the
     * authorization server's issuer name.
     */
    static final java.util.Set<String> BOOT_PROPERTIES = java.util.Set.of(
            "SPRING_KAFKA_PROPERTIES_SECURITY_PROTOCOL",
            "SPRING_KAFKA_PROPERTIES_SASL_MECHANISM",
            "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG",
            ServiceDefinition.ENV_ISSUER_URI,
            ServiceDefinition.ENV_JWK_SET_URI,
            ServiceDefinition.ENV_AUTH_ISSUER);

    /** Read by the service: its configuration, a Boot property above or an Eventbank setting of its module or service-support. */
    static boolean isRead(String service, String variable, Map<String, String> properties) {
        if (Repository.environmentVariableIsRead(variable, properties) || BOOT_PROPERTIES.contains(variable)) {
            return true;
        }
        Map<String, java.util.List<String>> prefixes = Settings.prefixesByModule();
        return java.util.stream.Stream.of(service, "service-support")
                .flatMap(module -> prefixes.getOrDefault(module, java.util.List.of()).stream())
                .anyMatch(prefix -> Repository.canonical(variable).startsWith(Repository.canonical(prefix)));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyComposeVariableIsAPropertyTheServiceReads() {
        Map<String, Object> services = (Map<String, Object>) Repository.yamlMap("docker-compose.yml").get("services");
        for (String name : Repository.services()) {
            Map<String, String> properties = Repository.serviceProperties(name);
            Map<String, Object> environment = (Map<String, Object>) ((Map<String, Object>) services.get(name)).get("environment");
            assertThat(environment.keySet()).as(name + ": compose variables without a property in "
                            + name + "/src/main/resources/application.yml")
                    .allMatch(variable -> isRead(name, variable, properties));
        }
    }

    @Test
    void everyLocalStackVariableIsAPropertyTheServiceReads() {
        var infra = new io.eventbank.infra.InfraEndpoints("jdbc:postgresql://h/postgres", "u", "p", "k:9092", "mongodb://m");
        for (ServiceDefinition service : ServiceDefinition.ALL) {
            Map<String, String> properties = Repository.serviceProperties(service.name());
            assertThat(service.environment(service.defaultPort(), infra, db -> db).keySet())
                    .as(service.name() + ": local-stack variables without a property in its application.yml")
                    .allMatch(variable -> Repository.environmentVariableIsRead(variable, properties));
        }
    }

    @Test
    void theServiceListensOnThePortTheDeliveryFilesUse() {
        for (ServiceDefinition service : ServiceDefinition.ALL) {
            String port = Repository.serviceProperties(service.name()).get("server.port");
            assertThat(port).as(service.name() + " server.port in application.yml").isNotNull();
            Matcher placeholder = PLACEHOLDER_DEFAULT.matcher(port);
            String effective = placeholder.matches() ? placeholder.group(1) : port.trim();
            assertThat(effective).as(service.name() + " server.port").isEqualTo(Integer.toString(service.defaultPort()));
        }
    }

    @Test
    void thePomBuildsTheJarTheDeliveryFilesName() throws Exception {
        for (ServiceDefinition service : ServiceDefinition.ALL) {
            Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(Repository.path(service.name() + "/pom.xml").toFile());
            Element project = pom.getDocumentElement();
            assertThat(child(project, "artifactId")).as(service.name() + " artifactId").isEqualTo(service.name());
            Element build = childElement(project, "build");
            String finalName = build == null ? null : child(build, "finalName");
            assertThat(finalName).as(service.name() + " build.finalName (jar must be target/" + service.name() + ".jar)")
                    .isIn("${project.artifactId}", service.name());
            assertThat(Repository.read(service.name() + "/pom.xml")).as(service.name() + " is a Boot executable jar")
                    .contains("spring-boot-maven-plugin");
        }
    }

    private static Element childElement(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static String child(Element parent, String name) {
        Element e = childElement(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }
}
