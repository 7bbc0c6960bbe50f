package io.eventbank.localstack;

import io.eventbank.infra.InfraEndpoints;
import io.eventbank.infra.LocalInfra;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs Eventbank on one machine without Docker: local-infra (embedded PostgreSQL, Kafka and a
 * MongoDB wire server unless {@code EVENTBANK_INFRA_MODE} says otherwise), the service databases,
 * auth-service and the three API jars as child processes, and the demo customers' funded accounts. Prints {@code local-stack: ready} once every
 * service answers its readiness endpoint; Ctrl-C or SIGTERM stops every process it started.
 */
public final class LocalStack {

    static final String READY_LINE = "local-stack: ready";
    static final String JAVA_OPTS_ENV = "EVENTBANK_SERVICE_JAVA_OPTS";
    static final String DEFAULT_JAVA_OPTS = "-Xmx512m -XX:+UseSerialGC";

    private static final AtomicBoolean stopping = new AtomicBoolean();

    private LocalStack() {
    }

    public static void main(String[] args) {
        PrintStream out = System.out;
        Path root = Path.of("").toAbsolutePath();
        StackOptions options;
        try {
            options = StackOptions.parse(Arrays.asList(args), root);
        } catch (IllegalArgumentException e) {
            System.err.println("local-stack: " + e.getMessage());
            System.err.println(StackOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            out.println(StackOptions.USAGE);
            return;
        }
        System.exit(run(options, out));
    }

    static int run(StackOptions options, PrintStream out) {
        List<String> problems = preflight(options);
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.err.println("local-stack: " + p));
            return 1;
        }
        Path logDirectory = options.root().resolve(".local-stack").resolve("logs");
        Path data = options.data();
        if (options.fresh()) {
            StackData.deleteKept(data);
            out.println("local-stack: --fresh: deleted the kept databases, broker log and demo accounts in " + data);
        }
        boolean kept = StackData.holdsDatabases(data);
        ServiceSupervisor supervisor = new ServiceSupervisor(out, options.root(), logDirectory,
                options.readyTimeout(), Duration.ofMillis(500), Duration.ofSeconds(5));
        AtomicReference<LocalInfra> started = new AtomicReference<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            if (!supervisor.services().isEmpty()) {
                System.out.println("local-stack: stopping services");
                supervisor.stopAll();
            }
            LocalInfra running = started.get();
            if (running != null) {
                running.close();
            }
            System.out.println("local-stack: stopped");
        }, "local-stack-stop"));

        long t0 = System.nanoTime();
        LocalInfra.Mode mode = LocalInfra.configuredMode();
        out.println("local-stack: starting infrastructure (EVENTBANK_INFRA_MODE="
                + Optional.ofNullable(System.getenv("EVENTBANK_INFRA_MODE")).orElse("auto")
                + "), infrastructure log " + logDirectory.resolve("infra.log"));
        LocalInfra infra = LocalInfra.start(mode, LocalInfra.Options.defaults().withDurable(true).withDataDirectory(data));
        started.set(infra);
        InfraEndpoints endpoints = infra.endpoints();
        out.printf("local-stack: %s infrastructure up in %d s: postgres %s, kafka %s, mongodb %s%n",
                infra.mode(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0),
                endpoints.postgresAdminUrl(), endpoints.kafkaBootstrapServers(), endpoints.mongoUri());
        if (infra.mode() == LocalInfra.Mode.EMBEDDED) {
            out.println(kept
                    ? "local-stack: data kept from the last run in " + data + " (--fresh starts from nothing)"
                    : "local-stack: new data in " + data + ", kept for the next run (fsync on)");
        }

        LocalSecrets secrets = LocalSecrets.loadOrCreate(data);
        String issuer = "http://localhost:" + options.port(ServiceDefinition.AUTH);
        List<ServiceSupervisor.Launch> launches = new ArrayList<>();
        for (ServiceDefinition service : ServiceDefinition.ALL) {
            for (int instance = 1; instance <= options.instancesOf(service); instance++) {
                launches.add(launch(service, instance, options, infra, issuer, data, secrets));
            }
        }
        try {
            supervisor.startAndAwaitReady(launches);
        } catch (StartupFailure failure) {
            System.err.println("local-stack: FAILED: " + failure.getMessage());
            System.err.println("---- last " + ServiceSupervisor.LOG_TAIL_LINES + " lines of " + failure.service() + " ----");
            System.err.println(failure.logTail());
            System.err.println("----");
            return 1;
        }
        Map<String, String> demoAccounts;
        try {
            demoAccounts = new DemoBank(URI.create(issuer),
                    URI.create("http://localhost:" + options.port(ServiceDefinition.ACCOUNTS)), secrets)
                    .openAccounts(StackData.demoAccounts(data, kept));
        } catch (IOException e) {
            System.err.println("local-stack: FAILED to open the demo customers' accounts: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        printSummary(out, options, logDirectory, secrets, demoAccounts,
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0));
        out.println(READY_LINE);
        out.flush();
        return watch(supervisor);
    }

    /** Instance {@code instance} of {@code service}: its port, the infrastructure, the issuer or auth-service's settings. */
    private static ServiceSupervisor.Launch launch(ServiceDefinition service, int instance, StackOptions options,
                                                   LocalInfra infra, String issuer, Path data, LocalSecrets secrets) {
        int port = options.port(service, instance);
        Map<String, String> environment = new LinkedHashMap<>(
                service.environment(port, infra.endpoints(), infra::createDatabase));
        if (service.equals(ServiceDefinition.AUTH)) {
            environment.putAll(authEnvironment(issuer, data, secrets, options));
        } else if (service.equals(ServiceDefinition.WEB)) {
            environment.putAll(ServiceDefinition.webEnvironment(issuer, secrets.get(LocalSecrets.WEB_SECRET),
                    localhost(options, ServiceDefinition.ACCOUNTS), localhost(options, ServiceDefinition.TRANSFERS),
                    localhost(options, ServiceDefinition.ACCOUNT_VIEW)));
        } else {
            environment.putAll(Map.of(ServiceDefinition.ENV_ISSUER_URI, issuer,
                    ServiceDefinition.ENV_JWK_SET_URI, issuer + "/oauth2/jwks"));
        }
        String name = instance == 1 ? service.name() : service.name() + "-" + instance;
        return new ServiceSupervisor.Launch(name, port, javaCommand(service.jar(options.root())), environment);
    }

    /**
     * auth-service's settings on the local stack: its issuer name, the signing key kept in the data
     * folder, the generated client secrets, the demo customers, and Swagger UI's redirect and origin on each API port.
     */
    static Map<String, String> authEnvironment(String issuer, Path data, LocalSecrets secrets, StackOptions options) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(ServiceDefinition.ENV_AUTH_ISSUER, issuer);
        env.put("EVENTBANK_AUTH_SIGNINGKEYFILE", data.resolve("auth-signing-key.json").toString());
        env.put("EVENTBANK_AUTH_CLIENTS_OPS_SECRET", secrets.get(LocalSecrets.OPS_SECRET));
        env.put("EVENTBANK_AUTH_CLIENTS_TELLER_SECRET", secrets.get(LocalSecrets.TELLER_SECRET));
        env.putAll(ServiceDefinition.webClientOfAuth(localhost(options, ServiceDefinition.WEB).toString(),
                secrets.get(LocalSecrets.WEB_SECRET)));
        List<String> customers = LocalSecrets.DEMO_CUSTOMERS;
        for (int i = 0; i < customers.size(); i++) {
            env.put("EVENTBANK_AUTH_DEMOUSERS_" + i + "_USERNAME", customers.get(i));
            env.put("EVENTBANK_AUTH_DEMOUSERS_" + i + "_PASSWORD", secrets.password(customers.get(i)));
        }
        env.put("EVENTBANK_AUTH_CLIENTS_CLI_REDIRECTURIS_0", TOKEN_SCRIPT_REDIRECT);
        List<ServiceDefinition> apis = ServiceDefinition.APIS;
        for (int i = 0; i < apis.size(); i++) {
            String origin = "http://localhost:" + options.port(apis.get(i));
            env.put("EVENTBANK_AUTH_CLIENTS_CLI_REDIRECTURIS_" + (i + 1), origin + "/swagger-ui/oauth2-redirect.html");
            env.put("EVENTBANK_AUTH_CORSALLOWEDORIGINS_" + i, origin);
        }
        return env;
    }

    private static URI localhost(StackOptions options, ServiceDefinition service) {
        return URI.create("http://localhost:" + options.port(service));
    }

    /** docker/token.sh's loopback redirect (nothing listens there: the script reads the code off the redirect). */
    static final String TOKEN_SCRIPT_REDIRECT = "http://127.0.0.1:8976/callback";

    /** Blocks while every service runs; a service that dies takes the stack down with a report. */
    private static int watch(ServiceSupervisor supervisor) {
        while (true) {
            Optional<ChildService> exited = supervisor.firstExited();
            if (exited.isPresent() && !stopping.get()) {
                ChildService child = exited.get();
                System.err.println("local-stack: " + child.name() + " exited with code " + child.exitValue()
                        + "; last lines of " + child.logFile() + ":");
                System.err.println(child.logTail(ServiceSupervisor.LOG_TAIL_LINES));
                return 1;
            }
            try {
                TimeUnit.SECONDS.sleep(1);
            } catch (InterruptedException e) {
                return 0;
            }
        }
    }

    static List<String> preflight(StackOptions options) {
        List<String> problems = new ArrayList<>();
        for (ServiceDefinition service : ServiceDefinition.ALL) {
            Path jar = service.jar(options.root());
            if (!Files.isRegularFile(jar)) {
                problems.add("missing " + options.root().relativize(jar)
                        + " (./run-local.sh builds it; or ./mvnw -DskipTests package)");
            }
            for (int instance = 1; instance <= options.instancesOf(service); instance++) {
                int port = options.port(service, instance);
                if (!portIsFree(port)) {
                    problems.add("port " + port + " for " + service.name() + (instance == 1 ? "" : " instance " + instance)
                            + " is in use (another local stack running? choose others with --ports)");
                }
            }
        }
        return problems;
    }

    private static boolean portIsFree(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code java [EVENTBANK_SERVICE_JAVA_OPTS or the defaults] -jar jar}, with this JVM's java. */
    public static List<String> javaCommand(Path jar) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String opts = Optional.ofNullable(System.getenv(JAVA_OPTS_ENV)).orElse(DEFAULT_JAVA_OPTS);
        command.addAll(Arrays.stream(opts.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList());
        command.add("-jar");
        command.add(jar.toString());
        return command;
    }

    private static void printSummary(PrintStream out, StackOptions options, Path logDirectory, LocalSecrets secrets,
                                     Map<String, String> demoAccounts, long seconds) {
        int auth = options.port(ServiceDefinition.AUTH);
        int transfers = options.port(ServiceDefinition.TRANSFERS);
        int view = options.port(ServiceDefinition.ACCOUNT_VIEW);
        Path root = options.root();
        out.println();
        out.printf("Eventbank is running (started in %d s).%n%n", seconds);
        out.printf("  Web banking: %s  (create an account there, or sign in as a demo customer:)%n",
                localhost(options, ServiceDefinition.WEB));
        for (String customer : LocalSecrets.DEMO_CUSTOMERS) {
            out.printf("    %-6s password %s%n", customer, secrets.password(customer));
        }
        out.println();
        out.printf("  %-22s %-24s %-46s %s%n", "service", "URL", "Swagger UI", "health");
        for (ServiceDefinition service : ServiceDefinition.ALL) {
            String base = "http://localhost:" + options.port(service);
            StringBuilder more = new StringBuilder();
            for (int instance = 2; instance <= options.instancesOf(service); instance++) {
                more.append(more.isEmpty() ? " (+:" : ",:").append(options.port(service, instance));
            }
            String url = more.isEmpty() ? base : base + more + ")";
            out.printf("  %-22s %-24s %-46s %s%n", service.name(), url,
                    service.equals(ServiceDefinition.AUTH) ? "(sign up: " + base + "/signup)"
                            : service.equals(ServiceDefinition.WEB) ? "(APIs: " + base + "/api/...)"
                            : base + ServiceDefinition.SWAGGER_PATH,
                    base + ServiceDefinition.HEALTH_PATH);
        }
        out.printf("  OpenAPI documents: http://localhost:PORT%s%n", ServiceDefinition.OPENAPI_PATH);
        out.printf("  Logs: %s%n%n", logDirectory);
        out.printf("Demo customers (passwords and client secrets in %s):%n", root.relativize(secrets.file()));
        for (String customer : LocalSecrets.DEMO_CUSTOMERS) {
            out.printf("  %-6s password %s  account %s with %s%n", customer, secrets.password(customer),
                    demoAccounts.get(customer), DemoBank.OPENING.get(customer));
        }
        String alice = demoAccounts.get("alice");
        String bob = demoAccounts.get("bob");
        out.println();
        out.println("Try it: a token for alice (authorization code + PKCE), then her accounts, a transfer to bob, its progress:");
        out.printf("  export AUTH_URL=http://localhost:%d EVENTBANK_SECRETS_FILE=%s%n", auth, root.relativize(secrets.file()));
        out.printf("  TOKEN=$(docker/token.sh alice '%s')%n", secrets.password("alice"));
        out.printf("  curl -s -H \"Authorization: Bearer $TOKEN\" http://localhost:%d/me/accounts%n", view);
        out.printf("  curl -s -X POST http://localhost:%d/transfers -H \"Authorization: Bearer $TOKEN\" "
                + "-H 'Content-Type: application/json' -d '{\"fromAccountId\":\"%s\",\"toAccountId\":\"%s\","
                + "\"amount\":\"25.00\",\"description\":\"rent\"}'%n", transfers, alice, bob);
        out.printf("  curl -s -H \"Authorization: Bearer $TOKEN\" 'http://localhost:%d/transfers/TRANSFER_ID?minVersion=3&waitMs=5000'%n", view);
        out.printf("  docker/token.sh --teller   # or --ops: client-credentials tokens (secrets from EVENTBANK_SECRETS_FILE)%n");
        out.printf("  docker/smoke-test.sh       # open two accounts, transfer, check the view: all of the above, checked%n");
        out.println();
        out.println("Ctrl-C stops everything.");
    }
}
