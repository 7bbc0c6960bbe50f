package io.eventbank.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventbank.localstack.ServiceDefinition;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
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

    /**
     * Read by the service: its configuration, a Boot property above, or (by relaxed binding) an Eventbank
     * setting in the configuration metadata of a module its image is built from, or an element of one
     * ({@code EVENTBANK_AUTH_DEMOUSERS_0_USERNAME} of {@code eventbank.auth.demo-users}).
     */
    static boolean isRead(String service, String variable, Map<String, String> properties) {
        if (Repository.environmentVariableIsRead(variable, properties) || BOOT_PROPERTIES.contains(variable)) {
            return true;
        }
        java.util.List<String> modules = builtFrom().get(service);
        assertThat(modules).as(service + ": what docker/service-modules.sh says it is built from").isNotNull();
        return bindsToASetting(variable, Settings.properties().values().stream()
                .filter(setting -> modules.contains(setting.module())).map(Settings.Setting::name).toList());
    }

    /** Whether Boot binds the environment variable to one of the properties or to an element of one. */
    static boolean bindsToASetting(String variable, java.util.Collection<String> settings) {
        ConfigurationPropertySource environment = ConfigurationPropertySource.from(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(variable, "x")));
        return settings.stream().map(ConfigurationPropertyName::of).anyMatch(name ->
                environment.getConfigurationProperty(name) != null
                        || environment.containsDescendantOf(name) == ConfigurationPropertyState.PRESENT);
    }

    private static Map<String, java.util.List<String>> builtFrom;

    /** Per service, the root modules its image is built from (docker/service-modules.sh): its own and its dependencies. */
    static synchronized Map<String, java.util.List<String>> builtFrom() {
        if (builtFrom == null) {
            java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("docker/service-modules.sh"));
            command.addAll(Repository.services());
            ShellScriptsTest.Result result;
            try {
                result = ShellScriptsTest.run(command, Map.of("JAVA_HOME", System.getProperty("java.home")));
            } catch (Exception e) {
                throw new IllegalStateException("docker/service-modules.sh", e);
            }
            assertThat(result.exitCode()).as("docker/service-modules.sh: " + result.output()).isZero();
            Map<String, java.util.List<String>> modules = new java.util.LinkedHashMap<>();
            for (String line : result.output().trim().split("\n")) {
                String[] words = line.trim().split(" +");
                modules.put(words[0], java.util.Arrays.stream(words).skip(1).filter(path -> path.endsWith("/"))
                        .map(path -> path.substring(0, path.length() - 1)).toList());
            }
            builtFrom = modules;
        }
        return builtFrom;
    }

    @Test
    void findsOnlyVariablesThatBindToASettingOfTheServicesModules() {
        java.util.List<String> settings = java.util.List.of("eventbank.webapp.auth.issuer", "eventbank.auth.demo-users",
                "eventbank.auth.clients.web.post-logout-redirect-uris");
        assertThat(bindsToASetting("EVENTBANK_WEBAPP_AUTH_ISSUER", settings)).isTrue();
        assertThat(bindsToASetting("EVENTBANK_AUTH_DEMOUSERS_0_USERNAME", settings)).isTrue();
        assertThat(bindsToASetting("EVENTBANK_AUTH_CLIENTS_WEB_POSTLOGOUTREDIRECTURIS_0", settings)).isTrue();
        assertThat(bindsToASetting("EVENTBANK_WEBAPP_AUTH_ISSUERURI", settings)).isFalse();
        assertThat(bindsToASetting("EVENTBANK_WEB_AUTH", settings)).isFalse();
        assertThat(bindsToASetting("EVENTBANK_AUTH_CLIENTS_WEB_REDIRECTURIS_0", settings)).isFalse();

        assertThat(builtFrom().get("web-app")).as("web-app is built from its own module only").containsExactly("web-app");
        assertThat(builtFrom().get("accounts-service")).contains("accounts-service", "service-support", "eventstore-postgres");
        Map<String, String> none = Map.of();
        assertThat(isRead("web-app", "EVENTBANK_WEBAPP_APIS_VIEWS", none)).isTrue();
        assertThat(isRead("web-app", "EVENTBANK_WEBAPP_APIS_VIEW", none)).as("a typo").isFalse();
        assertThat(isRead("web-app", "EVENTBANK_WEB_MAXREQUESTBODYSIZE", none)).as("service-support's, not web-app's").isFalse();
        assertThat(isRead("accounts-service", "EVENTBANK_WEB_MAXREQUESTBODYSIZE", none)).isTrue();
        assertThat(isRead("accounts-service", "EVENTBANK_WEBAPP_AUTH_ISSUER", none)).as("web-app's, not accounts-service's").isFalse();
        assertThat(isRead("auth-service", "EVENTBANK_AUTH_CLIENTS_WEB_POSTLOGOUTREDIRECTURIS_0", none)).isTrue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyComposeVariableIsAPropertyTheServiceReads() {
        Map<String, Object> services = (Map<String, Object>) Repository.yamlMap("docker-compose.yml").get("services");
        for (String name : Repository.services()) {
            Map<String, String> properties = Repository.serviceProperties(name);
            Map<String, Object> environment = (Map<String, Object>) ((Map<String, Object>) services.get(name)).get("environment");
            assertThat(environment.keySet()).as(name + ": compose variables that are neither in its application.yml"
                            + " (or " + name + ".yml) nor a setting of the modules it is built from")
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
