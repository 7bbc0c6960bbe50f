package io.eventbank.auth;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventbank.infra.LocalInfra;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/** The service does not start with a secret or the key file missing, and says which property. */
class StartupSettingsTest {

    @TempDir
    Path directory;

    private List<String> arguments() {
        LocalInfra infra = LocalInfra.shared();
        return new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=" + infra.createDatabase("auth_startup"),
                "--spring.datasource.username=" + infra.endpoints().postgresUser(),
                "--spring.datasource.password=" + infra.endpoints().postgresPassword(),
                "--eventbank.auth.signing-key-file=" + directory.resolve("key.json"),
                "--eventbank.auth.clients.web.secret=w",
                "--eventbank.auth.clients.ops.secret=o",
                "--eventbank.auth.clients.teller.secret=t"));
    }

    private static void start(List<String> arguments) {
        try (ConfigurableApplicationContext ignored = AuthServiceApplication.application().run(arguments.toArray(String[]::new))) {
            throw new AssertionError("started without " + arguments);
        }
    }

    @Test
    void refusesToStartWithoutTheOpsSecret() {
        List<String> arguments = arguments();
        arguments.removeIf(a -> a.startsWith("--eventbank.auth.clients.ops.secret"));
        assertThatThrownBy(() -> start(arguments)).rootCause().hasMessageContaining("eventbank.auth.clients.ops.secret");
    }

    @Test
    void refusesToStartWithoutTheWebSecret() {
        List<String> arguments = arguments();
        arguments.removeIf(a -> a.startsWith("--eventbank.auth.clients.web.secret"));
        assertThatThrownBy(() -> start(arguments)).rootCause().hasMessageContaining("eventbank.auth.clients.web.secret");
    }

    @Test
    void refusesToStartWithoutASigningKeyFile() {
        List<String> arguments = arguments();
        arguments.removeIf(a -> a.startsWith("--eventbank.auth.signing-key-file"));
        assertThatThrownBy(() -> start(arguments)).rootCause().hasMessageContaining("eventbank.auth").hasMessageContaining("signingKeyFile");
    }
}
