package io.eventbank.infra;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;

final class LocalInfraFactory {

    private static LocalInfra shared;

    private LocalInfraFactory() {
    }

    static synchronized LocalInfra shared() {
        if (shared == null) {
            shared = start(configuredMode(), LocalInfra.Options.defaults(), System.getenv());
            LocalInfra instance = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(instance::close, "local-infra-stop"));
        }
        return shared;
    }

    static LocalInfra.Mode configuredMode() {
        String value = System.getProperty("eventbank.infra.mode", System.getenv("EVENTBANK_INFRA_MODE"));
        return parseMode(value);
    }

    static LocalInfra.Mode parseMode(String value) {
        if (value == null || value.isBlank()) {
            return LocalInfra.Mode.AUTO;
        }
        try {
            return LocalInfra.Mode.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("eventbank.infra.mode / EVENTBANK_INFRA_MODE must be one of"
                    + " auto, embedded, containers, external: " + value, e);
        }
    }

    static LocalInfra start(LocalInfra.Mode mode, LocalInfra.Options options, Map<String, String> env) {
        return switch (mode) {
            case AUTO -> start(resolveAuto(env), options, env);
            case EMBEDDED -> EmbeddedInfra.start(options);
            case CONTAINERS -> ContainersInfra.start(options);
            case EXTERNAL -> ExternalInfra.fromEnvironment(env);
        };
    }

    /** Containers when a Docker engine answers and Testcontainers can use it; embedded otherwise. */
    static LocalInfra.Mode resolveAuto(Map<String, String> env) {
        Optional<String> engine = DockerProbe.answeringEngine(env);
        if (engine.isEmpty()) {
            System.out.println("local-infra: no Docker engine answers, using embedded mode");
            return LocalInfra.Mode.EMBEDDED;
        }
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            System.out.println("local-infra: Docker engine at " + engine.get()
                    + " answers but Testcontainers cannot use it, using embedded mode");
            return LocalInfra.Mode.EMBEDDED;
        }
        System.out.println("local-infra: Docker engine at " + engine.get() + ", using containers mode");
        return LocalInfra.Mode.CONTAINERS;
    }
}
