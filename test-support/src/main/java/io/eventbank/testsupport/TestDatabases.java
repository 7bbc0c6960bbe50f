package io.eventbank.testsupport;

import io.eventbank.infra.LocalInfra;
import org.springframework.test.context.DynamicPropertyRegistry;

/** A service's own PostgreSQL database on the shared test infrastructure, as Boot's datasource properties. */
public final class TestDatabases {

    private TestDatabases() {
    }

    /** Creates {@code database} (once) on first use and points {@code spring.datasource.*} at it. */
    public static void register(DynamicPropertyRegistry registry, String database) {
        LocalInfra infra = LocalInfra.shared();
        registry.add("spring.datasource.url", () -> infra.createDatabase(database));
        registry.add("spring.datasource.username", () -> infra.endpoints().postgresUser());
        registry.add("spring.datasource.password", () -> infra.endpoints().postgresPassword());
    }
}
