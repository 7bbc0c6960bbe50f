package io.eventbank.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Command-line options of the launcher.
 *
 * @param ports one port per {@link ServiceDefinition#ALL} entry, same order (auth, accounts, transfers, view, web)
 * @param readyTimeout how long each service may take to become ready
 * @param root repository root (jars, logs)
 * @param data where PostgreSQL's cluster, the Kafka log, the secrets and the signing key are kept between runs
 * @param fresh delete the kept databases, broker log and demo accounts before starting
 * @param instances processes of each API; instance k listens on the API's port + 100 × (k − 1)
 */
record StackOptions(List<Integer> ports, Duration readyTimeout, Path root, Path data, boolean fresh, int instances,
                    boolean help) {

    /** The most instances {@code --instances} accepts. */
    static final int MAX_INSTANCES = 9;

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(180);

    static final String USAGE = """
            usage: ./run-local.sh [--fresh] [--instances N] [--ports 9000,8081,8082,8083,8080] [--timeout SECONDS] [--data DIR]
              --fresh     start from nothing: delete the kept databases, broker log and demo accounts first
                          (the secrets and the signing key stay)
              --instances processes of each API (default 1, at most 9); instance k listens on the API's port + 100 (k - 1);
                          web-app calls the first ones
              --ports     ports of auth-service, accounts-service, transfers-service, account-view-service, web-app
              --timeout   seconds each service may take to become ready (default 180)
              --data      where the data is kept between runs (default .local-stack/data)
            environment: EVENTBANK_INFRA_MODE (embedded|containers|external, default auto),
                         EVENTBANK_SERVICE_JAVA_OPTS (JVM options of the service processes)""";

    /** The port of {@code service} (its first instance). */
    int port(ServiceDefinition service) {
        return ports.get(ServiceDefinition.ALL.indexOf(service));
    }

    /** The port of instance {@code instance} (1-based) of {@code service}. */
    int port(ServiceDefinition service, int instance) {
        return port(service) + 100 * (instance - 1);
    }

    /** How many processes of {@code service} run: {@link #instances} for an API, one for the others. */
    int instancesOf(ServiceDefinition service) {
        return ServiceDefinition.APIS.contains(service) ? instances : 1;
    }

    static StackOptions parse(List<String> rawArgs, Path root) {
        List<String> args = new ArrayList<>();
        for (String arg : rawArgs) {
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                args.add(arg.substring(0, eq));
                args.add(arg.substring(eq + 1));
            } else {
                args.add(arg);
            }
        }
        List<Integer> ports = ServiceDefinition.ALL.stream().map(ServiceDefinition::defaultPort).toList();
        Duration timeout = DEFAULT_TIMEOUT;
        Path data = root.resolve(".local-stack").resolve("data");
        boolean fresh = false;
        int instances = 1;
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "-h", "--help" -> help = true;
                case "--fresh" -> fresh = true;
                case "--instances" -> {
                    instances = parsePositive("--instances", valueAfter(args, i++));
                    if (instances > MAX_INSTANCES) {
                        throw new IllegalArgumentException("--instances: at most " + MAX_INSTANCES + ", got " + instances);
                    }
                }
                case "--data" -> data = root.resolve(valueAfter(args, i++)).toAbsolutePath().normalize();
                case "--ports" -> ports = parsePorts(valueAfter(args, i++));
                case "--timeout" -> timeout = Duration.ofSeconds(parsePositive("--timeout", valueAfter(args, i++)));
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        return new StackOptions(ports, timeout, root, data, fresh, instances, help);
    }

    private static String valueAfter(List<String> args, int index) {
        if (index + 1 >= args.size()) {
            throw new IllegalArgumentException(args.get(index) + " needs a value");
        }
        return args.get(index + 1);
    }

    private static List<Integer> parsePorts(String value) {
        List<Integer> ports = new ArrayList<>();
        for (String part : value.split(",")) {
            int port = parsePositive("--ports", part.trim());
            if (port > 65535) {
                throw new IllegalArgumentException("--ports: " + port + " is not a TCP port");
            }
            ports.add(port);
        }
        if (ports.size() != ServiceDefinition.ALL.size()) {
            throw new IllegalArgumentException("--ports needs " + ServiceDefinition.ALL.size()
                    + " comma-separated ports (auth, accounts, transfers, view, web), got " + value);
        }
        if (ports.stream().distinct().count() != ports.size()) {
            throw new IllegalArgumentException("--ports must be distinct: " + value);
        }
        return List.copyOf(ports);
    }

    private static int parsePositive(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n <= 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": not a positive number: " + value);
        }
    }
}
