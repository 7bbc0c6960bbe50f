package io.eventbank.system;

import io.eventbank.infra.LocalInfra;
import io.eventbank.testsupport.Tokens;
import io.eventbank.localstack.ChildService;
import io.eventbank.localstack.ReadinessProbe;
import io.eventbank.localstack.ServiceDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import static org.awaitility.Awaitility.await;

/**
 * Embedded infrastructure owned by the test JVM plus the service jars as child processes on
 * free ports, the three APIs as {@code instances} processes each (auth-service and web-app once).
 * Instances can be killed (SIGKILL on the process tree), stopped and started again; every process
 * ever started is stopped by {@link #close()} and by a JVM shutdown hook.
 */
final class ServiceStack implements AutoCloseable {

    /** Instance {@code index} (1-based) of {@code service}. */
    record Node(ServiceDefinition service, int index) {

        String name() {
            return index == 1 ? service.name() : service.name() + "-" + index;
        }
    }

    static final Duration READY_TIMEOUT = Duration.ofSeconds(Long.getLong("bank.readyTimeoutSeconds", 180));

    private final Path root;
    private final Path logDirectory;
    private final LocalInfra infra;
    private final Map<Node, Integer> ports = new LinkedHashMap<>();
    private final Map<Node, Map<String, String>> environments = new LinkedHashMap<>();
    private final Map<Node, ChildService> running = new ConcurrentHashMap<>();
    private final Map<Node, AtomicInteger> incarnations = new ConcurrentHashMap<>();
    private int instances = 1;
    private final List<ChildService> everStarted = new CopyOnWriteArrayList<>();
    private final ReadinessProbe probe = new ReadinessProbe();
    private final Thread shutdownHook = new Thread(this::stopAllProcesses, "system-tests-stop");

    private ServiceStack(Path root, Path logDirectory, LocalInfra infra) {
        this.root = root;
        this.logDirectory = logDirectory;
        this.infra = infra;
    }

    static ServiceStack start(Path logDirectory) {
        return start(logDirectory, Map.of(), ServiceDefinition.APIS);
    }

    /**
     * @param extraEnvironment variables every API process gets besides its own (e.g. log levels)
     * @param services {@link ServiceDefinition#APIS}, optionally with {@link ServiceDefinition#AUTH} and
     *        {@link ServiceDefinition#WEB} (which needs the other four): the APIs trust {@link Tokens}, and
     *        auth-service issues tokens with the same key and issuer
     */
    static ServiceStack start(Path logDirectory, Map<String, String> extraEnvironment, List<ServiceDefinition> services) {
        return start(logDirectory, extraEnvironment, services, 1);
    }

    /** As {@link #start(Path, Map, List)}, with {@code instances} processes of each API. */
    static ServiceStack start(Path logDirectory, Map<String, String> extraEnvironment, List<ServiceDefinition> services,
                              int instances) {
        Path root = repositoryRoot();
        for (ServiceDefinition service : services) {
            if (!Files.isRegularFile(service.jar(root))) {
                throw new IllegalStateException("missing " + service.jar(root)
                        + ": build it first (./mvnw -pl system-tests -am verify packages the services)");
            }
        }
        LocalInfra infra = LocalInfra.start(LocalInfra.Mode.EMBEDDED, LocalInfra.Options.defaults());
        ServiceStack stack = new ServiceStack(root, logDirectory, infra);
        stack.instances = instances;
        Runtime.getRuntime().addShutdownHook(stack.shutdownHook);
        try {
            List<Node> nodes = new ArrayList<>();
            for (ServiceDefinition service : services) {
                int count = ServiceDefinition.APIS.contains(service) ? instances : 1;
                for (int i = 1; i <= count; i++) {
                    nodes.add(new Node(service, i));
                }
            }
            nodes.forEach(node -> stack.ports.put(node, freePort()));
            for (Node node : nodes) {
                ServiceDefinition service = node.service();
                int port = stack.ports.get(node);
                Map<String, String> environment = new LinkedHashMap<>(
                        service.environment(port, infra.endpoints(), infra::createDatabase));
                if (service.equals(ServiceDefinition.AUTH)) {
                    environment.putAll(authEnvironment(stack.ports.get(new Node(ServiceDefinition.WEB, 1))));
                } else if (service.equals(ServiceDefinition.WEB)) {
                    environment.putAll(stack.webEnvironment());
                } else {
                    environment.putAll(Tokens.resourceServerEnvironment());
                    environment.putAll(extraEnvironment);
                }
                stack.environments.put(node, environment);
            }
            nodes.forEach(stack::launch);
            nodes.forEach(stack::awaitReady);
            return stack;
        } catch (RuntimeException e) {
            System.err.println(stack.logTails());
            stack.close();
            throw e;
        }
    }

    static Path repositoryRoot() {
        String configured = System.getProperty("bank.root");
        if (configured != null && !configured.isBlank()
                && Files.isDirectory(Path.of(configured).resolve("accounts-service"))) {
            return Path.of(configured).toAbsolutePath();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("accounts-service"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root from " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    LocalInfra infra() {
        return infra;
    }

    /** Processes per API. */
    int instances() {
        return instances;
    }

    /** The first instance's base URI. */
    URI uri(ServiceDefinition service) {
        return uri(new Node(service, 1));
    }

    URI uri(Node node) {
        return URI.create("http://localhost:" + ports.get(node));
    }

    /** Every instance's base URI, first instance first. */
    List<URI> uris(ServiceDefinition service) {
        return ports.keySet().stream().filter(n -> n.service().equals(service)).map(this::uri).toList();
    }

    String jdbcUrl(ServiceDefinition service) {
        return infra.jdbcUrl(service.database());
    }

    /** The log file of the service's (first instance's) running process. */
    Path logFile(ServiceDefinition service) {
        ChildService child = running.get(new Node(service, 1));
        if (child == null) {
            throw new IllegalStateException(service.name() + " is not running");
        }
        return child.logFile();
    }

    boolean isUp(ServiceDefinition service) {
        ChildService child = running.get(new Node(service, 1));
        return child != null && child.isAlive() && probe.isReady(child.baseUri());
    }

    /** SIGKILL to the instance's process tree (no shutdown hooks, no graceful shutdown). */
    void kill(Node node) {
        ChildService child = running.remove(node);
        if (child != null) {
            child.kill(Duration.ofSeconds(20));
        }
    }

    /** Graceful stop (SIGTERM, then SIGKILL after the grace period). */
    void stop(Node node) {
        ChildService child = running.remove(node);
        if (child != null) {
            child.stop(Duration.ofSeconds(20));
        }
    }

    /** Starts the instance; its log is {@code <service>[-<index>].<n>.log} for its n-th start. */
    void launch(Node node) {
        int incarnation = incarnations.computeIfAbsent(node, s -> new AtomicInteger()).incrementAndGet();
        Path log = logDirectory.resolve(node.name() + "." + incarnation + ".log");
        ChildService child = ChildService.start(node.name(), ports.get(node), javaCommand(node.service().jar(root)),
                environments.get(node), root, log);
        everStarted.add(child);
        running.put(node, child);
    }

    void awaitReady(Node node) {
        ChildService child = running.get(node);
        try {
            await("readiness of " + node.name()).atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(300))
                    .until(() -> {
                        if (!child.isAlive()) {
                            throw new IllegalStateException(node.name() + " exited with code " + child.exitValue());
                        }
                        return probe.isReady(child.baseUri());
                    });
        } catch (RuntimeException e) {
            throw new IllegalStateException(node.name() + " did not become ready; log " + child.logFile()
                    + "\n" + child.logTail(60), e);
        }
    }

    /** Waits until every running instance answers its readiness probe again (after an infrastructure fault). */
    void awaitAllReady() {
        running.keySet().forEach(this::awaitReady);
    }

    /** Stops the instance (SIGKILL or gracefully), starts it again and waits until it is ready. */
    void restart(Node node, boolean killHard) {
        if (killHard) {
            kill(node);
        } else {
            stop(node);
        }
        launch(node);
        awaitReady(node);
    }

    private static List<String> javaCommand(Path jar) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String opts = System.getProperty("bank.serviceJavaOpts", "-Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        command.addAll(Arrays.stream(opts.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList());
        command.add("-jar");
        command.add(jar.toString());
        return command;
    }

    /** The web client's secret auth-service and web-app share in this stack. */
    private static final String WEB_SECRET = UUID.randomUUID().toString();
    /** The demo customer auth-service knows here, as on the local stack. */
    static final String DEMO_CUSTOMER = "alice";
    static final String DEMO_PASSWORD = "demo passphrase " + UUID.randomUUID();

    /**
     * auth-service as the issuer {@link Tokens} imitates: {@link Tokens#ISSUER} signing with {@link Tokens}' key,
     * so the APIs, which trust that key, accept the tokens it issues to web-app; throwaway client secrets,
     * alice as demo customer, the web client's redirect to this stack's web-app (when there is one).
     */
    private static Map<String, String> authEnvironment(Integer webPort) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(ServiceDefinition.ENV_AUTH_ISSUER, Tokens.ISSUER);
        env.put("EVENTBANK_AUTH_SIGNINGKEYFILE", Tokens.signingKeyFile().toString());
        for (String client : List.of("OPS", "TELLER")) {
            env.put("EVENTBANK_AUTH_CLIENTS_" + client + "_SECRET", UUID.randomUUID().toString());
        }
        env.put("EVENTBANK_AUTH_DEMOUSERS_0_USERNAME", DEMO_CUSTOMER);
        env.put("EVENTBANK_AUTH_DEMOUSERS_0_PASSWORD", DEMO_PASSWORD);
        env.putAll(ServiceDefinition.webClientOfAuth("http://localhost:" + (webPort == null ? 8080 : webPort), WEB_SECRET));
        return env;
    }

    /** web-app trusting {@link Tokens#ISSUER}'s ID tokens, reaching auth-service and the APIs on their ports. */
    private Map<String, String> webEnvironment() {
        Map<String, String> env = new LinkedHashMap<>(ServiceDefinition.webEnvironment(Tokens.ISSUER, WEB_SECRET,
                uri(ServiceDefinition.ACCOUNTS), uri(ServiceDefinition.TRANSFERS), uri(ServiceDefinition.ACCOUNT_VIEW)));
        env.put(ServiceDefinition.ENV_WEB_AUTH_PUBLIC_URI, uri(ServiceDefinition.AUTH).toString());
        env.put(ServiceDefinition.ENV_WEB_AUTH_INTERNAL_URI, uri(ServiceDefinition.AUTH).toString());
        return env;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last lines of every service log, newest incarnation first, for failure reports. */
    String logTails() {
        StringBuilder out = new StringBuilder();
        List<ChildService> all = new ArrayList<>(everStarted);
        java.util.Collections.reverse(all);
        for (ChildService child : all) {
            out.append("---- ").append(child.logFile()).append(" ----\n").append(child.logTail(40)).append('\n');
        }
        return out.toString();
    }

    private void stopAllProcesses() {
        everStarted.parallelStream().filter(ChildService::isAlive).forEach(c -> c.stop(Duration.ofSeconds(10)));
        running.clear();
    }

    @Override
    public void close() {
        try {
            stopAllProcesses();
        } finally {
            try {
                infra.close();
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException ignored) {
                    // JVM already shutting down: the hook runs anyway
                }
            }
        }
    }
}
