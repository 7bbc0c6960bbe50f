package io.eventbank.auth.support;

import io.eventbank.auth.AuthServiceApplication;
import io.eventbank.testsupport.Browser;
import io.eventbank.testsupport.TestDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * auth-service on a random port with a PostgreSQL database of its own, a signing key in a temporary
 * folder, the demo customer {@value #ALICE} and known client secrets. Every subclass shares one context.
 */
@SpringBootTest(classes = AuthServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.config.name=" + AuthServiceApplication.CONFIG_NAME,
                "spring.security.oauth2.authorizationserver.issuer=" + AuthServiceIntegrationTest.ISSUER,
                "eventbank.auth.clients.web.secret=" + AuthServiceIntegrationTest.WEB_SECRET,
                "eventbank.auth.clients.ops.secret=" + AuthServiceIntegrationTest.OPS_SECRET,
                "eventbank.auth.clients.teller.secret=" + AuthServiceIntegrationTest.TELLER_SECRET,
                "eventbank.auth.clients.cli.redirect-uris[0]=" + AuthServiceIntegrationTest.CLI_REDIRECT,
                "eventbank.auth.demo-users[0].username=" + AuthServiceIntegrationTest.ALICE,
                "eventbank.auth.demo-users[0].password=" + AuthServiceIntegrationTest.ALICE_PASSWORD,
                "eventbank.auth.cors-allowed-origins[0]=" + AuthServiceIntegrationTest.ALLOWED_ORIGIN})
public abstract class AuthServiceIntegrationTest {

    public static final String ISSUER = "http://auth.eventbank.test";
    public static final String AUDIENCE = "eventbank-api";
    public static final String WEB_SECRET = "web-secret-for-tests";
    public static final String OPS_SECRET = "ops-secret-for-tests";
    public static final String TELLER_SECRET = "teller-secret-for-tests";
    public static final String CLI_REDIRECT = "http://127.0.0.1:8976/callback";
    public static final String ALICE = "alice";
    public static final String ALICE_PASSWORD = "correct horse battery";
    public static final String ALLOWED_ORIGIN = "http://localhost:8081";

    private static final String DATABASE = "auth_" + UUID.randomUUID().toString().substring(0, 8);
    /** The signing key file of this JVM's auth-service. */
    public static final Path SIGNING_KEY_FILE = signingKeyFile();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestDatabases.register(registry, DATABASE);
        registry.add("eventbank.auth.signing-key-file", SIGNING_KEY_FILE::toString);
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    protected Browser browser;

    @BeforeEach
    void openBrowser() {
        browser = new Browser(baseUri());
    }

    protected URI baseUri() {
        return URI.create("http://localhost:" + port);
    }

    protected long customerCount() {
        return jdbc.sql("select count(*) from customers").query(Long.class).single();
    }

    private static Path signingKeyFile() {
        try {
            Path directory = Files.createTempDirectory("eventbank-auth-test");
            directory.toFile().deleteOnExit();
            return directory.resolve("signing-key.json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
