package io.eventbank.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.eventbank.infra.InfraEndpoints;
import io.eventbank.infra.LocalInfra;
import io.eventbank.testsupport.Tokens;
import io.eventbank.localstack.LocalStack;
import io.eventbank.localstack.ServiceDefinition;
import io.eventbank.localstack.ServiceSupervisor;
import io.eventbank.localstack.StartupFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The services under test: either started here (embedded infrastructure in this JVM, PostgreSQL
 * durable, the service jars as child processes on free ports, as local-stack runs them) or an
 * existing stack reached by URL.
 */
final class BenchStack implements AutoCloseable {

    private final LocalInfra infra;
    private final boolean ownsInfra;
    private final ServiceSupervisor supervisor;
    private final Map<ServiceDefinition, URI> urls;
    private final Machine machine;

    private BenchStack(LocalInfra infra, boolean ownsInfra, ServiceSupervisor supervisor,
                       Map<ServiceDefinition, URI> urls, Machine machine) {
        this.infra = infra;
        this.ownsInfra = ownsInfra;
        this.supervisor = supervisor;
        this.urls = urls;
        this.machine = machine;
    }

    static BenchStack external(Map<ServiceDefinition, URI> urls) {
        return new BenchStack(null, false, null, urls, Machine.withoutPostgres());
    }

    /** Starts embedded infrastructure and the services; closing the stack stops both. */
    static BenchStack start(String label, List<ServiceDefinition> services, boolean durable) {
        return start(label, services, durable, Map.of());
    }

    /** Same, {@code extraEnvironment} added to the named services' environments (settings under test). */
    static BenchStack start(String label, List<ServiceDefinition> services, boolean durable,
                            Map<ServiceDefinition, Map<String, String>> extraEnvironment) {
        checkJars(services);
        System.out.printf("%s: starting embedded PostgreSQL (%s), Kafka and MongoDB stand-in ...%n", label,
                durable ? "fsync=on, synchronous_commit=on" : "test settings");
        LocalInfra infra = LocalInfra.start(LocalInfra.Mode.EMBEDDED, LocalInfra.Options.defaults().withDurable(durable));
        return launch(infra, true, services, extraEnvironment);
    }

    /** Starts the services on running infrastructure; closing the stack stops the services only. */
    static BenchStack startOn(LocalInfra infra, List<ServiceDefinition> services) {
        checkJars(services);
        return launch(infra, false, services, Map.of());
    }

    private static void checkJars(List<ServiceDefinition> services) {
        Path root = Path.of("").toAbsolutePath();
        List<String> missing = services.stream().map(s -> s.jar(root)).filter(j -> !Files.isRegularFile(j))
                .map(Path::toString).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("missing service jars " + missing + " (benchmarks/run.sh builds them)");
        }
    }

    private static BenchStack launch(LocalInfra infra, boolean ownsInfra, List<ServiceDefinition> services,
                                     Map<ServiceDefinition, Map<String, String>> extraEnvironment) {
        Path root = Path.of("").toAbsolutePath();
        Machine machine;
        try (HikariDataSource admin = dataSource(infra.endpoints())) {
            machine = Machine.describe(admin);
        }
        Path logs = root.resolve("target/benchmarks/logs");
        ServiceSupervisor supervisor = new ServiceSupervisor(System.out, root, logs, Duration.ofSeconds(300),
                Duration.ofMillis(500), Duration.ofSeconds(10));
        Map<ServiceDefinition, URI> urls = new LinkedHashMap<>();
        List<ServiceSupervisor.Launch> launches = new ArrayList<>();
        for (ServiceDefinition service : services) {
            int port = freePort();
            urls.put(service, URI.create("http://localhost:" + port));
            Map<String, String> environment = new LinkedHashMap<>(
                    service.environment(port, infra.endpoints(), infra::createDatabase));
            environment.putAll(Tokens.resourceServerEnvironment());
            environment.putAll(extraEnvironment.getOrDefault(service, Map.of()));
            launches.add(new ServiceSupervisor.Launch(service.name(), port,
                    LocalStack.javaCommand(service.jar(root)), environment));
        }
        BenchStack stack = new BenchStack(infra, ownsInfra, supervisor, urls, machine);
        try {
            supervisor.startAndAwaitReady(launches);
        } catch (StartupFailure e) {
            stack.close();
            throw new IllegalStateException(e.getMessage() + System.lineSeparator() + e.logTail(), e);
        }
        return stack;
    }

    URI url(ServiceDefinition service) {
        URI url = urls.get(service);
        if (url == null) {
            throw new IllegalStateException(service.name() + " is not part of this stack");
        }
        return url;
    }

    /** Present when this JVM started the infrastructure. */
    LocalInfra infra() {
        return infra;
    }

    boolean startedHere() {
        return infra != null;
    }

    Machine machine() {
        return machine;
    }

    static HikariDataSource dataSource(InfraEndpoints endpoints) {
        return dataSource(endpoints.postgresAdminUrl(), endpoints, 2);
    }

    static HikariDataSource dataSource(String url, InfraEndpoints endpoints, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(endpoints.postgresUser());
        config.setPassword(endpoints.postgresPassword());
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("bench");
        return new HikariDataSource(config);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (supervisor != null) {
            System.out.println("stopping services ...");
            supervisor.stopAll();
        }
        if (infra != null && ownsInfra) {
            infra.close();
        }
    }
}
