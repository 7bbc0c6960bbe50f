package io.eventbank.view.web;

import io.eventbank.view.ViewProperties;
import java.time.Duration;
import java.util.UUID;

/** Validation of the view's query and path parameters. */
final class RequestParameters {

    private RequestParameters() {
    }

    static String uuid(String name, String value) {
        try {
            return UUID.fromString(value).toString();
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(name, "must be a UUID");
        }
    }

    static int minVersion(Integer value) {
        if (value == null) {
            return 0;
        }
        if (value < 0) {
            throw new InvalidParameterException("minVersion", "must be >= 0");
        }
        return value;
    }

    static Duration waitMs(Long value, ViewProperties properties) {
        if (value == null) {
            return properties.defaultWait();
        }
        if (value < 0 || value > properties.maxWait().toMillis()) {
            throw new InvalidParameterException("waitMs",
                    "must be between 0 and " + properties.maxWait().toMillis());
        }
        return Duration.ofMillis(value);
    }
}
