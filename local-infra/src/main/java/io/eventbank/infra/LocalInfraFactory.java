package io.eventbank.infra;

import java.util.Locale;

final class LocalInfraFactory {

    private static LocalInfra shared;

    private LocalInfraFactory() {
    }

    static synchronized LocalInfra shared() {
        if (shared == null) {
            shared = start(configuredMode());
            LocalInfra instance = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(instance::close, "local-infra-stop"));
        }
        return shared;
    }

    static LocalInfra.Mode configuredMode() {
        String value = System.getProperty("eventbank.infra.mode", System.getenv("EVENTBANK_INFRA_MODE"));
        if (value == null || value.isBlank()) {
            return LocalInfra.Mode.AUTO;
        }
        return LocalInfra.Mode.valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    static LocalInfra start(LocalInfra.Mode mode) {
        return switch (mode) {
            case AUTO, EMBEDDED -> EmbeddedInfra.start();
            case CONTAINERS -> throw new UnsupportedOperationException("containers mode not built yet");
            case EXTERNAL -> throw new UnsupportedOperationException("external mode not built yet");
        };
    }
}
