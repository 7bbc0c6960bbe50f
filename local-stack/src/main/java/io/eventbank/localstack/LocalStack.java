package io.eventbank.localstack;

import io.eventbank.infra.InfraEndpoints;
import io.eventbank.infra.LocalInfra;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs Eventbank on one machine without Docker: local-infra (embedded PostgreSQL, Kafka and a
 * MongoDB wire server unless {@code EVENTBANK_INFRA_MODE} says otherwise), the service databases,
 * and the three service jars as child processes. Prints {@code local-stack: ready} once every
 * service answers its readiness endpoint; Ctrl-C or SIGTERM stops every process it started.
 */
public final class LocalStack {

    static final String READY_LINE = "local-stack: ready";
    static final String JAVA_OPTS_ENV = "EVENTBANK_SERVICE_JAVA_OPTS";
    static final String DEFAULT_JAVA_OPTS = "-Xmx512m -XX:+UseSerialGC";

    private static final java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();

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
        ServiceSupervisor supervisor = new ServiceSupervisor(out, options.root(), logDirectory,
                options.readyTimeout(), Duration.ofMillis(500), Duration.ofSeconds(5));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            if (!supervisor.services().isEmpty()) {
                System.out.println("local-stack: stopping services");
                supervisor.stopAll();
            }
            System.out.println("local-stack: stopped");
        }, "local-stack-stop"));

        long t0 = System.nanoTime();
        out.println("local-stack: starting infrastructure (EVENTBANK_INFRA_MODE="
                + Optional.ofNullable(System.getenv("EVENTBANK_INFRA_MODE")).orElse("auto")
                + "), infrastructure log " + logDirectory.resolve("infra.log"));
        LocalInfra infra = LocalInfra.shared();
        InfraEndpoints endpoints = infra.endpoints();
        out.printf("local-stack: %s infrastructure up in %d s: postgres %s, kafka %s, mongodb %s%n",
                infra.mode(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0),
                endpoints.postgresAdminUrl(), endpoints.kafkaBootstrapServers(), endpoints.mongoUri());

        List<ServiceSupervisor.Launch> launches = new ArrayList<>();
        for (int i = 0; i < ServiceDefinition.ALL.size(); i++) {
            ServiceDefinition service = ServiceDefinition.ALL.get(i);
            int port = options.ports().get(i);
            launches.add(new ServiceSupervisor.Launch(service.name(), port,
                    javaCommand(service.jar(options.root())),
                    service.environment(port, endpoints, infra::createDatabase)));
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
        printSummary(out, options, logDirectory, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0));
        out.println(READY_LINE);
        out.flush();
        return watch(supervisor);
    }

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
        for (int i = 0; i < ServiceDefinition.ALL.size(); i++) {
            ServiceDefinition service = ServiceDefinition.ALL.get(i);
            Path jar = service.jar(options.root());
            if (!Files.isRegularFile(jar)) {
                problems.add("missing " + options.root().relativize(jar)
                        + " (./run-local.sh builds it; or ./mvnw -DskipTests package)");
            }
            int port = options.ports().get(i);
            if (!portIsFree(port)) {
                problems.add("port " + port + " for " + service.name()
                        + " is in use (another local stack running? choose others with --ports)");
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

    static List<String> javaCommand(Path jar) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String opts = Optional.ofNullable(System.getenv(JAVA_OPTS_ENV)).orElse(DEFAULT_JAVA_OPTS);
        command.addAll(Arrays.stream(opts.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList());
        command.add("-jar");
        command.add(jar.toString());
        return command;
    }

    private static void printSummary(PrintStream out, StackOptions options, Path logDirectory, long seconds) {
        int accounts = options.ports().get(0);
        int transfers = options.ports().get(1);
        int view = options.ports().get(2);
        out.println();
        out.printf("Eventbank is running (started in %d s).%n%n", seconds);
        out.printf("  %-22s %-24s %-46s %s%n", "service", "API", "Swagger UI", "health");
        for (int i = 0; i < ServiceDefinition.ALL.size(); i++) {
            String base = "http://localhost:" + options.ports().get(i);
            out.printf("  %-22s %-24s %-46s %s%n", ServiceDefinition.ALL.get(i).name(), base,
                    base + ServiceDefinition.SWAGGER_PATH, base + ServiceDefinition.HEALTH_PATH);
        }
        out.printf("  OpenAPI documents: http://localhost:PORT%s%n", ServiceDefinition.OPENAPI_PATH);
        out.printf("  Logs: %s%n%n", logDirectory);
        out.println("Try it (copy the ids from each answer):");
        out.printf("  curl -s -X POST http://localhost:%d/accounts -H 'Content-Type: application/json' "
                + "-d '{\"ownerId\":\"alice\",\"title\":\"Checking\",\"initialBalance\":\"100.00\"}'%n", accounts);
        out.printf("  curl -s -X POST http://localhost:%d/accounts -H 'Content-Type: application/json' "
                + "-d '{\"ownerId\":\"bob\",\"title\":\"Savings\",\"initialBalance\":\"0.00\"}'%n", accounts);
        out.printf("  curl -s -X POST http://localhost:%d/transfers -H 'Content-Type: application/json' "
                + "-d '{\"fromAccountId\":\"FROM_ID\",\"toAccountId\":\"TO_ID\",\"amount\":\"25.00\",\"description\":\"rent\"}'%n",
                transfers);
        out.printf("  curl -s 'http://localhost:%d/transfers/TRANSFER_ID?minVersion=1'%n", view);
        out.printf("  curl -s 'http://localhost:%d/accounts/FROM_ID?minVersion=2&waitMs=2000'%n", view);
        out.printf("  docker/smoke-test.sh http://localhost:%d http://localhost:%d http://localhost:%d   # all of the above, checked%n",
                accounts, transfers, view);
        out.println();
        out.println("Ctrl-C stops everything.");
    }
}
