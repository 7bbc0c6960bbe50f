package io.eventbank.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions on RFC 9457 answers of the Eventbank APIs. */
public final class Problems {

    public static final String TYPE_PREFIX = "https://eventbank.io/problems/";

    private Problems() {
    }

    /**
     * Asserts an {@code application/problem+json} answer with this status and problem code, naming
     * {@code field} among its field errors unless {@code field} is null.
     */
    public static void assertProblem(Http.Response response, int status, String code, String field) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.problemType()).isEqualTo(TYPE_PREFIX + code);
        if (field != null) {
            assertThat(response.errorFields()).contains(field);
        }
    }
}
