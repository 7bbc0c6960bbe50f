package io.eventbank.view.projection.web;

import java.time.Duration;

/** The view stayed older than the version a request asked for; a 409 {@code view-not-up-to-date}. */
public class ViewNotUpToDateException extends RuntimeException {

    private final int requestedVersion;
    private final int currentVersion;
    private final Duration retryAfter;

    public ViewNotUpToDateException(String what, String id, int requestedVersion, int currentVersion,
                                    Duration retryAfter) {
        super("The view of " + what + " " + id + " is at version " + currentVersion + ", not yet " + requestedVersion);
        this.requestedVersion = requestedVersion;
        this.currentVersion = currentVersion;
        this.retryAfter = retryAfter;
    }

    public int requestedVersion() {
        return requestedVersion;
    }

    public int currentVersion() {
        return currentVersion;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
