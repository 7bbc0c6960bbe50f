package io.eventbank.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docker-compose.yml (and docker-compose.debug.yml, the init scripts it mounts), checked without a Docker engine. */
class ComposeFileTest {

    static final List<String> INFRASTRUCTURE = List.of("postgres", "kafka", "mongo");
    /** Set-up jobs that run once and exit; the services wait for their successful completion. */
    static final List<String> ONE_SHOT = List.of("kafka-init");
    /**
     * The only services docker-compose.yml publishes: the browser's two origins, web-app (web banking, and
     * {@code /api/**} routed to the APIs) and auth-service (sign-in, the issuer). The APIs stay on the
     * internal network; docker-compose.debug.yml publishes them on 127.0.0.1.
     */
    static final List<io.eventbank.localstack.ServiceDefinition> PUBLISHED =
            List.of(io.eventbank.localstack.ServiceDefinition.AUTH, io.eventbank.localstack.ServiceDefinition.WEB);
    /** web-app's routes (its ApiRoutes): where docker/smoke-test.sh's base URLs point on the host. */
    static final String GATEWAY = "http://localhost:8080/api";
    static final String API_ROUTES = "web-app/src/main/java/io/eventbank/web/gateway/infrastructure/ApiRoutes.java";
    static final String DEBUG = "docker-compose.debug.yml";
    static final String ENV_EXAMPLE = "docker/compose.env.example";
    static final String POSTGRES_INIT = "01-roles.sh";
    static final String MONGO_INIT = "docker/mongo-init/01-view-user.js";
    static final String KAFKA_START = "docker/kafka/start.sh";
    static final String KAFKA_INIT = "docker/kafka/init.sh";
    static final String KAFKA_CLIENTS = "eventstore-kafka/src/main/java/io/eventbank/eventstore/kafka/autoconfigure/EventKafkaClients.java";
    static final String ACCOUNTS_CONFIGURATION =
            "accounts-service/src/main/java/io/eventbank/accounts/account/infrastructure/AccountsConfiguration.java";
    static final String TRANSFERS_CONFIGURATION =
            "transfers-service/src/main/java/io/eventbank/transfers/transfer/infrastructure/TransfersConfiguration.java";
    static final String VIEW_CONFIGURATION =
            "account-view-service/src/main/java/io/eventbank/view/rebuild/infrastructure/RebuildConfiguration.java";
    /** A value that is exactly one required interpolation: {@code ${NAME:?message}}. */
    static final String REQUIRED_VARIABLE = "\\$\\{[A-Z][A-Z0-9_]*:\\?[^}$]+}";
    static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:\\?|:-|\\?|-)?[^}]*}");
    /** {@code create_database ROLE DATABASE "${VARIABLE:-}"} in the postgres init script. */
    static final Pattern CREATE_DATABASE = Pattern.compile("(?m)^create_database (\\S+) (\\S+) \"\\$\\{([A-Z_]+):-}\"$");
    /** {@code service_user USER "${VARIABLE:-}" OWN_TOPIC CONSUMED GROUP} in docker/kafka/init.sh. */
    static final Pattern SERVICE_USER = Pattern.compile("(?m)^service_user (\\S+) \"\\$\\{([A-Z_]+):-}\" (\\S+) (\\S+) (\\S+)$");
    static final Pattern JAAS = Pattern.compile(
            "org\\.apache\\.kafka\\.common\\.security\\.scram\\.ScramLoginModule required username=\"([^\"]+)\" password=\"([^\"]+)\";");
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
    void definesTheServicesTheirInfrastructureAndTheKafkaSetUp() {
        List<String> expected = concat(INFRASTRUCTURE, ONE_SHOT);
        assertThat(services().keySet()).containsExactlyInAnyOrderElementsOf(concat(expected, Repository.services()));
    }

    @Test
    void publishesOnlyWebAppAndAuthServiceOnTheirLocalStackPorts() {
        assertThat(io.eventbank.localstack.ServiceDefinition.ALL)
                .extracting(io.eventbank.localstack.ServiceDefinition::defaultPort)
                .containsExactly(9000, 8081, 8082, 8083, 8080);
        for (var definition : PUBLISHED) {
            int port = definition.defaultPort();
            assertThat(service(definition.name()).get("ports")).as(definition.name() + " ports")
                    .isEqualTo(List.of(port + ":" + port));
        }
        assertThat(services().keySet()).as("services with published ports")
                .filteredOn(name -> service(name).containsKey("ports"))
                .containsExactlyInAnyOrderElementsOf(PUBLISHED.stream().map(io.eventbank.localstack.ServiceDefinition::name).toList());
        for (var api : io.eventbank.localstack.ServiceDefinition.APIS) {
            assertThat(service(api.name())).as(api.name() + " stays on the internal network").doesNotContainKey("ports");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void publishesTheApisAndTheInfrastructureOnlyOnLoopbackInTheDebugOverride() {
        for (String name : concat(INFRASTRUCTURE, ONE_SHOT)) {
            assertThat(service(name)).as(name + " publishes no port").doesNotContainKeys("ports", "expose");
        }
        Map<String, Object> debug = debugServices();
        List<String> apis = io.eventbank.localstack.ServiceDefinition.APIS.stream()
                .map(io.eventbank.localstack.ServiceDefinition::name).toList();
        assertThat(debug.keySet()).as(DEBUG + " adds only the APIs and infrastructure").isSubsetOf(concat(INFRASTRUCTURE, apis))
                .containsAll(apis);
        debug.forEach((name, value) -> {
            Object ports = ((Map<String, Object>) value).get("ports");
            if (ports != null) {
                assertThat((List<String>) ports).as(DEBUG + " " + name + " ports").isNotEmpty()
                        .allSatisfy(port -> assertThat(port).startsWith("127.0.0.1:"));
            }
        });
        // each API (and its Swagger UI) on its local-stack port, where auth-service expects Swagger UI's redirect
        for (var api : io.eventbank.localstack.ServiceDefinition.APIS) {
            int port = api.defaultPort();
            assertThat(((Map<String, Object>) debug.get(api.name())).get("ports")).as(DEBUG + " " + api.name() + " ports")
                    .isEqualTo(List.of("127.0.0.1:" + port + ":" + port));
        }
        assertThat(Repository.read(DEBUG)).as(DEBUG + " says how to use it").contains("-f docker-compose.yml -f " + DEBUG);
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
        assertThat(service("kafka-init").get("image")).as("kafka-init runs the broker's tools").isEqualTo(service("kafka").get("image"));
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
    void everyContainerHasAHealthCheckAndWaitsForHealthyDependenciesOrCompletedSetUp() {
        services().forEach((name, value) -> {
            Map<String, Object> service = (Map<String, Object>) value;
            if (ONE_SHOT.contains(name)) {
                assertThat(service).as(name + " runs once").containsEntry("restart", "no");
            } else {
                assertThat(service).as(name + " healthcheck").containsKey("healthcheck");
            }
            Object dependsOn = service.get("depends_on");
            if (dependsOn != null) {
                assertThat(dependsOn).as(name + " depends_on must use conditions").isInstanceOf(Map.class);
                ((Map<String, Object>) dependsOn).forEach((dependency, condition) -> {
                    assertThat(services()).as(name + " depends on " + dependency).containsKey(dependency);
                    assertThat((Map<String, Object>) condition).as(name + " -> " + dependency).containsEntry("condition",
                            ONE_SHOT.contains(dependency) ? "service_completed_successfully" : "service_healthy");
                });
            }
        });
        assertThat(dependencies("auth-service")).containsExactly("postgres");
        assertThat(dependencies("accounts-service")).containsExactlyInAnyOrder("postgres", "kafka", "kafka-init", "auth-service");
        assertThat(dependencies("transfers-service")).containsExactlyInAnyOrder("postgres", "kafka", "kafka-init", "auth-service");
        assertThat(dependencies("account-view-service")).containsExactlyInAnyOrder("mongo", "kafka", "kafka-init", "auth-service");
        assertThat(dependencies("web-app")).containsExactlyInAnyOrder("auth-service", "accounts-service", "transfers-service",
                "account-view-service");
        assertThat(dependencies("kafka-init")).containsExactly("kafka");
        // and the infrastructure each service waits for is the one the local stack gives it
        for (var definition : io.eventbank.localstack.ServiceDefinition.ALL) {
            List<String> infrastructure = new ArrayList<>();
            if (definition.database() != null) {
                infrastructure.add("postgres");
            }
            if (definition.usesKafka()) {
                infrastructure.addAll(List.of("kafka", "kafka-init"));
            }
            if (definition.usesMongo()) {
                infrastructure.add("mongo");
            }
            assertThat(dependencies(definition.name())).as(definition.name() + " infrastructure")
                    .filteredOn(concat(INFRASTRUCTURE, ONE_SHOT)::contains).containsExactlyInAnyOrderElementsOf(infrastructure);
        }
    }

    @SuppressWarnings("unchecked")
    private java.util.Set<String> dependencies(String name) {
        Map<String, Object> dependsOn = (Map<String, Object>) service(name).get("depends_on");
        assertThat(dependsOn).as(name + " depends_on").isNotNull();
        return dependsOn.keySet();
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
        String keyFile = String.valueOf(environment("auth-service").get("EVENTBANK_AUTH_SIGNINGKEYFILE"));
        String keyDirectory = keyFile.substring(0, keyFile.lastIndexOf('/'));
        List<String> authVolumes = (List<String>) service("auth-service").get("volumes");
        assertThat(authVolumes).as("auth-service keeps its signing key on a named volume")
                .anySatisfy(v -> {
                    assertThat(v).endsWith(":" + keyDirectory);
                    assertThat(declared).containsKey(v.substring(0, v.indexOf(':')));
                });
        assertThat(Repository.read(DockerfileTest.DOCKERFILE)).as("the image has the key directory, owned by its user")
                .contains("install -d -o eventbank -g eventbank -m 700 " + keyDirectory);
    }

    @Test
    @SuppressWarnings("unchecked")
    void givesEachServiceItsOwnDatabaseRoleThatOwnsOnlyItsDatabase() {
        List<String> volumes = (List<String>) service("postgres").get("volumes");
        String init = volumes.stream().filter(v -> v.endsWith(":/docker-entrypoint-initdb.d:ro")).findFirst()
                .orElseThrow(() -> new AssertionError("postgres has no init script directory"));
        String directory = init.substring(2, init.indexOf(':'));
        assertThat(Repository.path(directory + "/" + POSTGRES_INIT)).isExecutable();
        String script = Repository.read(directory + "/" + POSTGRES_INIT);
        assertThat(script).contains("CREATE ROLE :\"role\" LOGIN PASSWORD :'password';",
                "CREATE DATABASE :\"database\" OWNER :\"role\";",
                "REVOKE CONNECT, TEMPORARY ON DATABASE :\"database\" FROM PUBLIC;", "ON_ERROR_STOP=1");
        Map<String, String> passwordOfRole = new java.util.LinkedHashMap<>();
        Map<String, String> databaseOfRole = new java.util.LinkedHashMap<>();
        Matcher call = CREATE_DATABASE.matcher(script);
        while (call.find()) {
            databaseOfRole.put(call.group(1), call.group(2));
            passwordOfRole.put(call.group(1), call.group(3));
        }
        Map<String, Object> postgres = environment("postgres");
        String superuser = String.valueOf(postgres.get("POSTGRES_USER"));
        assertThat(postgres.get("POSTGRES_PASSWORD")).as("superuser password").asString().matches(REQUIRED_VARIABLE);
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        for (var definition : io.eventbank.localstack.ServiceDefinition.ALL) {
            if (definition.database() == null) {
                assertThat(environment(definition.name())).as(definition.name() + " has no database")
                        .doesNotContainKeys("SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME");
                continue;
            }
            Map<String, Object> environment = environment(definition.name());
            String role = String.valueOf(environment.get("SPRING_DATASOURCE_USERNAME"));
            expected.put(role, definition.database());
            assertThat(role).as(definition.name() + " connects with its own role, not the superuser")
                    .isEqualTo(definition.database()).isNotEqualTo(superuser).isNotIn("postgres", "eventbank");
            assertThat(String.valueOf(environment.get("SPRING_DATASOURCE_URL")))
                    .isEqualTo("jdbc:postgresql://postgres:5432/" + definition.database());
            // the role's password: the same compose variable for the init script and the service
            String variable = passwordOfRole.get(role);
            assertThat(variable).as("init script password of " + role).isNotNull();
            assertThat(String.valueOf(postgres.get(variable))).as("postgres gets " + variable).matches(REQUIRED_VARIABLE);
            assertThat(String.valueOf(environment.get("SPRING_DATASOURCE_PASSWORD")))
                    .as(definition.name() + " password").isEqualTo(String.valueOf(postgres.get(variable)));
        }
        assertThat(databaseOfRole).as("roles and databases " + POSTGRES_INIT + " creates").isEqualTo(expected);
    }

    @Test
    @SuppressWarnings("unchecked")
    void runsMongoWithAuthenticationAndAViewUserLimitedToItsDatabase() {
        Map<String, Object> mongo = environment("mongo");
        assertThat(mongo).containsKeys("MONGO_INITDB_ROOT_USERNAME", "MONGO_VIEW_USERNAME");
        assertThat(String.valueOf(mongo.get("MONGO_INITDB_ROOT_PASSWORD"))).matches(REQUIRED_VARIABLE);
        assertThat(String.valueOf(mongo.get("MONGO_VIEW_PASSWORD"))).matches(REQUIRED_VARIABLE);
        String database = io.eventbank.localstack.ServiceDefinition.VIEW_DATABASE;
        assertThat(mongo).containsEntry("MONGO_VIEW_DATABASE", database);
        List<String> volumes = (List<String>) service("mongo").get("volumes");
        assertThat(volumes).contains("./docker/mongo-init:/docker-entrypoint-initdb.d:ro");
        String script = Repository.read(MONGO_INIT);
        assertThat(script).contains("process.env.MONGO_VIEW_USERNAME", "process.env.MONGO_VIEW_PASSWORD",
                "process.env.MONGO_VIEW_DATABASE", "roles: [{ role: 'readWrite', db: database }]", "getSiblingDB(database)");
        assertThat(String.valueOf(environment("account-view-service").get("SPRING_MONGODB_URI")))
                .as("the view connects as its user, authenticated against its database")
                .isEqualTo("mongodb://" + mongo.get("MONGO_VIEW_USERNAME") + ":" + mongo.get("MONGO_VIEW_PASSWORD")
                        + "@mongo:27017/" + database + "?authSource=" + database);
    }

    @Test
    void offersKafkaOnlyOverSaslWithDenyByDefaultAcls() {
        Map<String, Object> kafka = environment("kafka");
        assertThat(kafka).containsEntry("KAFKA_AUTHORIZER_CLASS_NAME", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .containsEntry("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND", "false")
                .containsEntry("KAFKA_SASL_ENABLED_MECHANISMS", "SCRAM-SHA-512")
                .containsEntry("KAFKA_SASL_MECHANISM_INTER_BROKER_PROTOCOL", "SCRAM-SHA-512")
                .containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        assertThat(String.valueOf(kafka.get("KAFKA_SUPER_USERS")).split(";")).contains("User:admin");
        assertListenersAreSaslExceptTheLoopbackController(kafka, "docker-compose.yml");
        @SuppressWarnings("unchecked")
        Map<String, Object> debugKafka = (Map<String, Object>) ((Map<String, Object>) debugServices().get("kafka")).get("environment");
        Map<String, Object> merged = new java.util.LinkedHashMap<>(kafka);
        merged.putAll(debugKafka);
        assertListenersAreSaslExceptTheLoopbackController(merged, DEBUG);
        assertThat(String.valueOf(kafka.get("EVENTBANK_KAFKA_ADMIN_PASSWORD"))).matches(REQUIRED_VARIABLE);
        assertThat(kafka.keySet()).as("secrets under KAFKA_* would be copied into server.properties")
                .filteredOn(k -> k.startsWith("KAFKA_")).noneMatch(k -> k.contains("PASSWORD"));
        String start = Repository.read(KAFKA_START);
        assertThat(start).contains("--add-scram \"SCRAM-SHA-512=[name=admin,password=$EVENTBANK_KAFKA_ADMIN_PASSWORD]\"",
                "--ignore-formatted", "KAFKA_LISTENER_NAME_INTERNAL_SCRAM___SHA___512_SASL_JAAS_CONFIG", "exec /etc/kafka/docker/run");
        assertThat(Repository.path(KAFKA_START)).isExecutable();
        assertThat(Repository.path(KAFKA_INIT)).isExecutable();
    }

    private static void assertListenersAreSaslExceptTheLoopbackController(Map<String, Object> kafka, String file) {
        Map<String, String> protocols = new java.util.LinkedHashMap<>();
        for (String entry : String.valueOf(kafka.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP")).split(",")) {
            protocols.put(entry.substring(0, entry.indexOf(':')), entry.substring(entry.indexOf(':') + 1));
        }
        String controller = String.valueOf(kafka.get("KAFKA_CONTROLLER_LISTENER_NAMES"));
        for (String listener : String.valueOf(kafka.get("KAFKA_LISTENERS")).split(",")) {
            String name = listener.substring(0, listener.indexOf("://"));
            String protocol = protocols.get(name);
            assertThat(protocol).as(file + ": protocol of listener " + name).isNotNull();
            if (name.equals(controller)) {
                assertThat(listener).as(file + ": the PLAINTEXT controller listens on loopback only")
                        .startsWith(name + "://localhost:");
            } else {
                assertThat(protocol).as(file + ": listener " + name).isEqualTo("SASL_PLAINTEXT");
            }
        }
        assertThat(String.valueOf(kafka.get("KAFKA_INTER_BROKER_LISTENER_NAME"))).isNotEqualTo(controller);
    }

    /**
     * Which topic each service publishes and which it consumes in which consumer group, as its code
     * declares them (checked against the sources below), against the SCRAM users and ACLs of
     * docker/kafka/init.sh and the credentials compose gives the service.
     */
    @Test
    void givesEachKafkaServiceItsOwnScramUserAllowedOnlyItsOwnTopics() {
        String account = io.eventbank.eventstore.AggregateEvents.topicOf("Account");
        String transfer = io.eventbank.eventstore.AggregateEvents.topicOf("MoneyTransfer");
        record Expected(String publishes, List<String> consumes, String group) {
        }
        Map<String, Expected> expected = Map.of(
                "accounts-service", new Expected(account, List.of(transfer), "accounts-service"),
                "transfers-service", new Expected(transfer, List.of(account), "transfers-service"),
                "account-view-service", new Expected("-", List.of(account, transfer),
                        Repository.serviceProperties("account-view-service").get("eventbank.view.subscriber-id")));
        // the code declares them so
        assertThat(Repository.read(ACCOUNTS_CONFIGURATION)).contains("return BankingEvents.ACCOUNT;",
                "EventSubscription.builder(\"accounts-service\")", ".onBatch(BankingEvents.TRANSFER,")
                .doesNotContain(".onBatch(BankingEvents.ACCOUNT,");
        assertThat(Repository.read(TRANSFERS_CONFIGURATION)).contains("return BankingEvents.TRANSFER;",
                "EventSubscription.builder(\"transfers-service\")", ".onBatch(BankingEvents.ACCOUNT,")
                .doesNotContain(".onBatch(BankingEvents.TRANSFER,");
        assertThat(Repository.read(VIEW_CONFIGURATION)).contains("EventSubscription.builder(properties.subscriberId())",
                ".onBatch(BankingEvents.ACCOUNT,", ".onBatch(BankingEvents.TRANSFER,").doesNotContain("AggregateEvents<");

        String init = Repository.read(KAFKA_INIT);
        Map<String, Object> kafkaInit = environment("kafka-init");
        Map<String, Expected> granted = new java.util.LinkedHashMap<>();
        Map<String, String> passwordVariable = new java.util.LinkedHashMap<>();
        Matcher user = SERVICE_USER.matcher(init);
        while (user.find()) {
            granted.put(user.group(1), new Expected(user.group(3), List.of(user.group(4).split(",")), user.group(5)));
            passwordVariable.put(user.group(1), user.group(2));
        }
        assertThat(granted).as("service_user lines of " + KAFKA_INIT).isEqualTo(expected);
        // WRITE only on the own topic and the dead-letter topics of the consumed ones
        assertThat(Pattern.compile("(?m)^\\s*acl .* Write ").matcher(init).results().map(MatchResult::group).toList())
                .containsExactly("    acl \"$user\" Write ", "    acl \"$user\" Write ");
        assertThat(init).contains("acl \"$user\" Write topic \"$own\"", "acl \"$user\" Write topic \"$topic-dlt\"",
                "acl \"$user\" Read topic \"$topic\"", "acl \"$user\" Read group \"$group\"")
                .doesNotContain("--operation All", "Create", "--resource-pattern-type prefixed", "User:*");
        for (String topic : List.of(account, transfer)) {
            assertThat(init).contains("for name in " + account + " " + transfer + "; do", "topic \"$name-dlt\"");
            assertThat(topic + io.eventbank.eventstore.AggregateEvents.DEAD_LETTER_SUFFIX).isEqualTo(
                    io.eventbank.eventstore.AggregateEvents.deadLetterTopicOf(topic));
        }

        assertThat(expected.keySet()).as("the services that use Kafka (local stack)").containsExactlyInAnyOrderElementsOf(
                io.eventbank.localstack.ServiceDefinition.ALL.stream().filter(io.eventbank.localstack.ServiceDefinition::usesKafka)
                        .map(io.eventbank.localstack.ServiceDefinition::name).toList());
        for (var definition : io.eventbank.localstack.ServiceDefinition.ALL) {
            String service = definition.name();
            Map<String, Object> environment = environment(service);
            if (!definition.usesKafka()) {
                assertThat(environment.keySet()).as(service + " uses no Kafka").noneMatch(k -> k.startsWith("SPRING_KAFKA_"));
                continue;
            }
            assertThat(environment).containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
                    .containsEntry("SPRING_KAFKA_PROPERTIES_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
                    .containsEntry("SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", "SCRAM-SHA-512");
            Matcher jaas = JAAS.matcher(String.valueOf(environment.get("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG")));
            assertThat(jaas.matches()).as(service + " JAAS config: " + environment.get("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG")).isTrue();
            assertThat(jaas.group(1)).as(service + " SASL user").isEqualTo(service).isNotEqualTo("admin");
            String variable = passwordVariable.get(service);
            assertThat(String.valueOf(kafkaInit.get(variable))).as("kafka-init gets " + variable).matches(REQUIRED_VARIABLE);
            assertThat(jaas.group(2)).as(service + " SASL password is the one kafka-init sets").isEqualTo(kafkaInit.get(variable));
            // Boot binds these variables to spring.kafka.properties.*, which every Kafka client of the service gets
            Map<String, String> bound = bindKafkaProperties(environment);
            assertThat(bound).as(service + ": spring.kafka.properties bound from its environment").containsEntry("security.protocol", "SASL_PLAINTEXT").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                    .containsKey("sasl.jaas.config");
        }
        assertThat(Repository.read(KAFKA_CLIENTS)).as("the event store's clients start from Boot's spring.kafka.* settings")
                .contains("properties.buildProducerProperties()", "properties.buildConsumerProperties()");
    }

    private static Map<String, String> bindKafkaProperties(Map<String, Object> environment) {
        Map<String, Object> variables = new java.util.LinkedHashMap<>();
        environment.forEach((k, v) -> variables.put(k, String.valueOf(v)));
        var source = new org.springframework.core.env.SystemEnvironmentPropertySource(
                org.springframework.core.env.StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables);
        var binder = new org.springframework.boot.context.properties.bind.Binder(
                org.springframework.boot.context.properties.source.ConfigurationPropertySources.from(source));
        return binder.bind("spring.kafka.properties",
                org.springframework.boot.context.properties.bind.Bindable.mapOf(String.class, String.class))
                .orElse(Map.of());
    }

    @Test
    @SuppressWarnings("unchecked")
    void writesNoLiteralSecretIntoTheComposeFiles() {
        List<String> checked = new ArrayList<>();
        for (Map<String, Object> file : List.of(services(), debugServices())) {
            file.forEach((name, value) -> {
                Map<String, Object> environment = (Map<String, Object>) ((Map<String, Object>) value).get("environment");
                if (environment == null) {
                    return;
                }
                environment.forEach((key, v) -> {
                    String text = String.valueOf(v);
                    if (key.contains("PASSWORD") || key.contains("SECRET")) {
                        checked.add(name + "." + key);
                        assertThat(text).as(name + " " + key).matches(REQUIRED_VARIABLE);
                    }
                    Matcher password = Pattern.compile("password=\"([^\"]*)\"").matcher(text);
                    while (password.find()) {
                        assertThat(password.group(1)).as(name + " " + key + " password").matches(REQUIRED_VARIABLE);
                    }
                    Matcher userInfo = Pattern.compile("://[^:/@\\s]+:(\\$\\{[^}]*}|[^@/]*)@").matcher(text);
                    while (userInfo.find()) {
                        assertThat(userInfo.group(1)).as(name + " " + key + " URI password").matches(REQUIRED_VARIABLE);
                    }
                });
            });
        }
        assertThat(Pattern.compile("://[^:/@\\s]+:(\\$\\{[^}]*}|[^@/]*)@").matcher(
                String.valueOf(environment("account-view-service").get("SPRING_MONGODB_URI"))).find()).as("URI password found").isTrue();
        assertThat(checked).contains("postgres.POSTGRES_PASSWORD", "mongo.MONGO_INITDB_ROOT_PASSWORD",
                "auth-service.EVENTBANK_AUTH_CLIENTS_TELLER_SECRET", "accounts-service.SPRING_DATASOURCE_PASSWORD",
                "web-app." + io.eventbank.localstack.ServiceDefinition.ENV_WEB_CLIENT_SECRET);
        assertThat(Repository.read("docker-compose.yml")).as("no default for a secret")
                .doesNotContainPattern("(?i)(password|secret)[A-Z_]*:-");
    }

    @Test
    void listsEveryRequiredVariableInTheEnvExampleAndKeepsTheRealFileOutOfGit() throws Exception {
        java.util.Set<String> required = new java.util.TreeSet<>();
        java.util.Set<String> optional = new java.util.TreeSet<>();
        for (String file : List.of("docker-compose.yml", DEBUG)) {
            // comments are not interpolated
            Matcher variable = INTERPOLATION.matcher(Repository.read(file).replaceAll("(?m)^\\s*#.*$", ""));
            while (variable.find()) {
                String operator = variable.group(2) == null ? "" : variable.group(2);
                assertThat(operator).as(file + ": ${" + variable.group(1) + "} needs :? (required) or :- (default)")
                        .isIn(":?", ":-");
                (operator.equals(":?") ? required : optional).add(variable.group(1));
            }
        }
        assertThat(optional).as("variables with defaults (no secrets)").containsExactlyInAnyOrder("EVENTBANK_REGISTRY", "EVENTBANK_VERSION");
        java.util.Set<String> listed = new java.util.TreeSet<>(envFileNames(Repository.read(ENV_EXAMPLE)));
        assertThat(listed).as(ENV_EXAMPLE + " vs the variables docker-compose.yml requires").isEqualTo(required);
        assertThat(required).contains("EVENTBANK_TELLER_SECRET", "EVENTBANK_ALICE_PASSWORD");
        assertThat(Repository.read(".gitignore").lines()).contains("docker/compose.env", ".env");

        java.nio.file.Path generated = java.nio.file.Files.createTempFile("compose", ".env");
        java.nio.file.Files.delete(generated);
        ShellScriptsTest.Result result = ShellScriptsTest.run(List.of("bash", "docker/compose-secrets.sh", generated.toString()));
        assertThat(result.exitCode()).as(result.output()).isZero();
        String env = java.nio.file.Files.readString(generated);
        assertThat(envFileNames(env)).as("docker/compose-secrets.sh writes every variable").containsExactlyInAnyOrderElementsOf(required);
        assertThat(env.lines().filter(l -> l.contains("=")).map(l -> l.substring(l.indexOf('=') + 1)).toList())
                .as("random, URL- and shell-safe values").allMatch(v -> v.matches("[A-Za-z0-9_-]{20,}")).doesNotHaveDuplicates();
        assertThat(java.nio.file.Files.getPosixFilePermissions(generated)).as("owner-only")
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        ShellScriptsTest.Result again = ShellScriptsTest.run(List.of("bash", "docker/compose-secrets.sh", generated.toString()));
        assertThat(again.exitCode()).isZero();
        assertThat(java.nio.file.Files.readString(generated)).as("an existing file keeps its secrets").isEqualTo(env);
        java.nio.file.Files.delete(generated);
    }

    private static List<String> envFileNames(String text) {
        return text.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .map(l -> l.substring(0, l.indexOf('='))).toList();
    }

    @Test
    void wiresTheApisToAuthServiceAsTheIssuerAndTheSmokeTestToItsDemoCustomer() {
        Map<String, Object> auth = environment("auth-service");
        String issuer = String.valueOf(auth.get(io.eventbank.localstack.ServiceDefinition.ENV_AUTH_ISSUER));
        assertThat(issuer).isEqualTo("http://localhost:9000");
        for (var api : io.eventbank.localstack.ServiceDefinition.APIS) {
            Map<String, Object> environment = environment(api.name());
            assertThat(environment).as(api.name())
                    .containsEntry(io.eventbank.localstack.ServiceDefinition.ENV_ISSUER_URI, issuer)
                    .containsEntry(io.eventbank.localstack.ServiceDefinition.ENV_JWK_SET_URI, "http://auth-service:9000/oauth2/jwks");
            int port = api.defaultPort();
            assertThat(auth).containsValue("http://localhost:" + port + "/swagger-ui/oauth2-redirect.html")
                    .containsValue("http://localhost:" + port);
        }
        assertThat(auth).containsEntry("EVENTBANK_AUTH_CLIENTS_CLI_REDIRECTURIS_0", "http://127.0.0.1:8976/callback")
                .containsEntry("EVENTBANK_AUTH_DEMOUSERS_0_USERNAME", "alice")
                .containsEntry("EVENTBANK_AUTH_DEMOUSERS_0_PASSWORD", "${EVENTBANK_ALICE_PASSWORD:?set EVENTBANK_ALICE_PASSWORD in docker/compose.env}")
                .containsKeys("EVENTBANK_AUTH_CLIENTS_OPS_SECRET", "EVENTBANK_AUTH_CLIENTS_WEB_SECRET");
        assertThat(String.valueOf(auth.get("EVENTBANK_AUTH_CLIENTS_TELLER_SECRET"))).contains("${EVENTBANK_TELLER_SECRET:?");
        // docker/smoke-test.sh reads the env file (EVENTBANK_SECRETS_FILE): the teller's secret and alice's password
        String smoke = Repository.read("docker/smoke-test.sh");
        assertThat(smoke).contains("customer=${SMOKE_CUSTOMER:-alice}", "EVENTBANK_SECRETS_FILE");
        for (String script : List.of("docker/compose-smoke.sh", "docker/deploy.sh")) {
            assertThat(Repository.read(script)).as(script)
                    .contains("EVENTBANK_SECRETS_FILE=\"$env_file\"", "docker compose --env-file \"$env_file\"");
        }
    }

    /**
     * web-app reaches the three APIs by their service names on the internal network, at the port each
     * listens on, and sends the browser to sign in at the issuer auth-service names in its tokens;
     * auth-service lets sign-in and sign-out return to web-app's published port.
     */
    @Test
    void wiresWebAppToTheApisOnTheInternalNetworkAndToAuthServicesIssuer() {
        Map<String, Object> web = environment("web-app");
        Map<String, Object> auth = environment("auth-service");
        Map<String, io.eventbank.localstack.ServiceDefinition> apiOfVariable = Map.of(
                io.eventbank.localstack.ServiceDefinition.ENV_WEB_ACCOUNTS_API, io.eventbank.localstack.ServiceDefinition.ACCOUNTS,
                io.eventbank.localstack.ServiceDefinition.ENV_WEB_TRANSFERS_API, io.eventbank.localstack.ServiceDefinition.TRANSFERS,
                io.eventbank.localstack.ServiceDefinition.ENV_WEB_VIEWS_API, io.eventbank.localstack.ServiceDefinition.ACCOUNT_VIEW);
        assertThat(apiOfVariable.values()).containsExactlyInAnyOrderElementsOf(io.eventbank.localstack.ServiceDefinition.APIS);
        apiOfVariable.forEach((variable, api) -> {
            String port = String.valueOf(environment(api.name()).get(io.eventbank.localstack.ServiceDefinition.ENV_SERVER_PORT));
            assertThat(port).as(api.name() + " SERVER_PORT").isEqualTo(Integer.toString(api.defaultPort()));
            assertThat(String.valueOf(web.get(variable))).as("web-app " + variable)
                    .isEqualTo("http://" + api.name() + ":" + port);
        });
        String issuer = String.valueOf(auth.get(io.eventbank.localstack.ServiceDefinition.ENV_AUTH_ISSUER));
        assertThat(String.valueOf(web.get(io.eventbank.localstack.ServiceDefinition.ENV_WEB_ISSUER)))
                .as("web-app's issuer is auth-service's issuer name").isEqualTo(issuer);
        assertThat(issuer).as("the issuer is auth-service's published port, where the browser signs in")
                .isEqualTo("http://localhost:" + io.eventbank.localstack.ServiceDefinition.AUTH.defaultPort());
        assertThat(String.valueOf(web.get("EVENTBANK_WEBAPP_AUTH_INTERNALURI"))).as("web-app fetches tokens and keys inside the network")
                .isEqualTo("http://auth-service:" + auth.get(io.eventbank.localstack.ServiceDefinition.ENV_SERVER_PORT));
        Object secret = web.get(io.eventbank.localstack.ServiceDefinition.ENV_WEB_CLIENT_SECRET);
        assertThat(String.valueOf(secret)).as("web-app's client secret").matches(REQUIRED_VARIABLE)
                .isEqualTo(String.valueOf(auth.get(io.eventbank.localstack.ServiceDefinition.ENV_AUTH_WEB_SECRET)));
        String webBase = "http://localhost:" + io.eventbank.localstack.ServiceDefinition.WEB.defaultPort();
        assertThat(auth).as("auth-service knows web-app's redirect and signed-out page on the host")
                .containsAllEntriesOf(io.eventbank.localstack.ServiceDefinition.webClientOfAuth(webBase, String.valueOf(secret)));
    }

    /**
     * The APIs publish no port, so whatever runs docker/smoke-test.sh against the compose stack calls
     * them through web-app's gateway: {@code /api} + {@code /accounts}, {@code /api} + {@code /transfers},
     * and {@code /api/views} + the view's own paths.
     */
    @Test
    void runsTheSmokeTestThroughWebAppsGateway() {
        assertThat(GATEWAY).startsWith("http://localhost:" + io.eventbank.localstack.ServiceDefinition.WEB.defaultPort() + "/");
        assertThat(Repository.read(API_ROUTES)).as("web-app's routes")
                .contains("ACCOUNTS = \"/api/accounts\"", "TRANSFERS = \"/api/transfers\"", "VIEWS = \"/api/views\"");
        assertThat(Repository.read("docker/smoke-test.sh")).as("the paths the smoke test appends")
                .contains("\"$accounts_url/accounts\"", "\"$transfers_url/transfers\"", "\"$view_url/transfers/$transfer_id?",
                        "\"$view_url/accounts/$id?");
        String call = "docker/smoke-test.sh \"$gateway\" \"$gateway\" \"$gateway/views\"";
        assertThat(Repository.read("docker/compose-smoke.sh")).contains("gateway=" + GATEWAY + "\n", call);
        assertThat(Repository.read("docker/deploy.sh")).contains("gateway=${WEB_URL:-http://localhost:8080}/api\n", call);
        for (String file : List.of("docker/compose-smoke.sh", "docker/deploy.sh", "Jenkinsfile")) {
            for (var api : io.eventbank.localstack.ServiceDefinition.APIS) {
                assertThat(Repository.read(file)).as(file + " names no unpublished API port")
                        .doesNotContain(Integer.toString(api.defaultPort()));
            }
        }
    }

    @Test
    void givesContainersTheSameVariablesAsTheLocalStack() {
        var infra = new io.eventbank.infra.InfraEndpoints("jdbc:postgresql://h/postgres", "u", "p", "k:9092", "mongodb://m");
        for (var definition : io.eventbank.localstack.ServiceDefinition.ALL) {
            assertThat(environment(definition.name()).keySet()).as(definition.name() + " environment in compose vs local-stack")
                    .containsAll(definition.environment(definition.defaultPort(), infra, db -> db).keySet());
        }
        java.net.URI api = java.net.URI.create("http://api");
        assertThat(environment("web-app").keySet()).as("web-app's settings from the local stack")
                .containsAll(io.eventbank.localstack.ServiceDefinition.webEnvironment("i", "s", api, api, api).keySet());
        assertThat(environment("auth-service").keySet()).as("auth-service's web client from the local stack")
                .containsAll(io.eventbank.localstack.ServiceDefinition.webClientOfAuth("http://w", "s").keySet());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> environment(String name) {
        Map<String, Object> environment = (Map<String, Object>) service(name).get("environment");
        assertThat(environment).as(name + " environment").isNotNull();
        return environment;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> debugServices() {
        return (Map<String, Object>) Repository.yamlMap(DEBUG).get("services");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
