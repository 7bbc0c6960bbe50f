package io.eventbank.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventbank.eventstore.kafka.autoconfigure.EventSubscriptionProperties;
import io.eventbank.eventstore.postgres.autoconfigure.EventStoreProperties;
import io.eventbank.localstack.ServiceDefinition;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's first commands and the docs stay in step with the code they describe. */
class DocumentationTest {

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
    void apiGuideLinksEachServicesOpenApiDocumentAndSwaggerUi() {
        String api = Repository.read("docs/api.md");
        for (ServiceDefinition service : ServiceDefinition.ALL) {
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
