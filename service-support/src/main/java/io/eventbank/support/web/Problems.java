package io.eventbank.support.web;

import java.net.URI;

/** Stable problem type URIs: {@code https://eventbank.io/problems/<code>}. */
public final class Problems {

    public static final String BASE = "https://eventbank.io/problems/";

    public static final String VALIDATION_FAILED = "validation-failed";
    public static final String MALFORMED_REQUEST = "malformed-request";
    public static final String INVALID_PARAMETER = "invalid-parameter";
    public static final String INVALID_HEADER = "invalid-header";
    public static final String PAYLOAD_TOO_LARGE = "payload-too-large";
    public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported-media-type";
    public static final String NOT_ACCEPTABLE = "not-acceptable";
    public static final String METHOD_NOT_ALLOWED = "method-not-allowed";
    public static final String NOT_FOUND = "not-found";
    public static final String CONCURRENT_MODIFICATION = "concurrent-modification";
    public static final String INTERNAL_ERROR = "internal-error";

    private Problems() {
    }

    public static URI type(String code) {
        return URI.create(BASE + code);
    }
}
