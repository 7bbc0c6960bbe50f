package io.eventbank.localstack;

/** A service exited or did not become ready in time; carries the tail of its log. */
final class StartupFailure extends RuntimeException {

    private final String service;
    private final String logTail;

    StartupFailure(String service, String reason, String logTail) {
        super(service + ": " + reason);
        this.service = service;
        this.logTail = logTail;
    }

    String service() {
        return service;
    }

    String logTail() {
        return logTail;
    }
}
