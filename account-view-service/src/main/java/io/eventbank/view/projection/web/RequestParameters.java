package io.eventbank.view.projection.web;

import io.eventbank.support.web.ProblemException;
import io.eventbank.support.web.Problems;
import io.eventbank.view.ViewProperties;
import java.time.Duration;
import java.util.UUID;
import org.springframework.http.HttpStatus;

/** Validation of the view's query and path parameters. */
final class RequestParameters {

    private RequestParameters() {
    }

    static ProblemException invalid(String parameter, String message) {
        return ProblemException.ofField(HttpStatus.BAD_REQUEST, Problems.INVALID_PARAMETER, parameter, message);
    }

    static ProblemException notFound(String parameter, String what) {
        return ProblemException.ofField(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, parameter, what + " is not known");
    }

    static String uuid(String name, String value) {
        try {
            return UUID.fromString(value).toString();
        } catch (IllegalArgumentException e) {
            throw invalid(name, "must be a UUID");
        }
    }

    static int minVersion(Integer value) {
        if (value == null) {
            return 0;
        }
        if (value < 0) {
            throw invalid("minVersion", "must be >= 0");
        }
        return value;
    }

    static Duration waitMs(Long value, ViewProperties properties) {
        if (value == null) {
            return properties.defaultWait();
        }
        if (value < 0 || value > properties.maxWait().toMillis()) {
            throw invalid("waitMs",
                    "must be between 0 and " + properties.maxWait().toMillis());
        }
        return Duration.ofMillis(value);
    }
}
