package io.eventbank.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventbank.auth.support.AuthServiceIntegrationTest;
import io.eventbank.auth.support.IssuedTokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

/** docker/token.sh, run as a process against this auth-service. */
class TokenScriptTest extends AuthServiceIntegrationTest {

    private static final Path SCRIPT = Path.of("..", "docker", "token.sh").toAbsolutePath().normalize();

    record Run(int exit, String out, String err) {
    }

    private Run run(Map<String, String> environment, String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("AUTH_URL", baseUri().toString());
        builder.environment().put("EVENTBANK_SECRETS_FILE", "/nonexistent");
        builder.environment().remove("EVENTBANK_OPS_SECRET");
        builder.environment().remove("EVENTBANK_TELLER_SECRET");
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("token.sh did not finish");
        }
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private Jwt decode(String token) {
        return IssuedTokens.decode(baseUri(), token);
    }

    @Test
    void printsACustomersTokenThroughTheAuthorizationCodeFlow() throws Exception {
        Run run = run(Map.of(), ALICE, ALICE_PASSWORD);
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).endsWith("\n").hasLineCount(1);
        Jwt jwt = decode(run.out().strip());
        assertThat(jwt.getSubject()).isEqualTo(ALICE);
        assertThat(jwt.getAudience()).containsExactly(AUDIENCE);
    }

    @Test
    void saysWhenThePasswordIsWrong() throws Exception {
        Run run = run(Map.of(), ALICE, "not her password");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("sign-in refused for alice");
    }

    @Test
    void printsTheOpsTokenWithTheSecretFromTheEnvironment() throws Exception {
        Run run = run(Map.of("EVENTBANK_OPS_SECRET", OPS_SECRET), "--ops");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(decode(run.out().strip()).getClaimAsStringList("scope")).containsExactly("eventbank.ops");
    }

    @Test
    void readsTheTellerSecretFromTheSecretsFile() throws Exception {
        Path file = Files.createTempFile("secrets", ".env");
        Files.writeString(file, "# generated\nEVENTBANK_TELLER_SECRET=" + TELLER_SECRET + "\n");
        Run run = run(Map.of("EVENTBANK_SECRETS_FILE", file.toString()), "--teller");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(decode(run.out().strip()).getClaimAsStringList("scope")).containsExactly("eventbank.teller");
    }

    @Test
    void namesTheMissingSecret() throws Exception {
        Run run = run(Map.of(), "--ops");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("EVENTBANK_OPS_SECRET");
    }

    @Test
    void printsUsageForUnknownArguments() throws Exception {
        Run run = run(Map.of(), "--nope");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("docker/token.sh USER PASSWORD");
    }
}
