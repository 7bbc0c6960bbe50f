package io.eventbank.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalInfraModeTest {

    @Test
    void autoChoosesEmbeddedWhenNoDockerEngineAnswers(@TempDir Path dir) {
        Map<String, String> env = Map.of("DOCKER_HOST", "unix://" + dir.resolve("missing.sock"));
        assertThat(LocalInfraFactory.resolveAuto(env)).isEqualTo(LocalInfra.Mode.EMBEDDED);
    }

    @Test
    void probeSaysNoForASocketThatNeverAnswers(@TempDir Path dir) throws IOException {
        Path socket = dir.resolve("silent.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            assertThat(DockerProbe.pings("unix://" + socket)).isFalse();
        }
    }

    @Test
    void probeSaysYesForAnEngineThatAnswersPing(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("engine.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread engine = Thread.ofVirtual().start(() -> {
                try (SocketChannel client = server.accept()) {
                    client.read(ByteBuffer.allocate(1024));
                    client.write(ByteBuffer.wrap(
                            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK".getBytes(StandardCharsets.US_ASCII)));
                } catch (IOException ignored) {
                    // the probe gave up; the assertion below reports it
                }
            });
            assertThat(DockerProbe.answeringEngine(Map.of("DOCKER_HOST", "unix://" + socket)))
                    .contains("unix://" + socket);
            engine.join();
        }
    }

    @Test
    void rejectsAnUnknownModeNamingTheChoices() {
        assertThat(LocalInfraFactory.parseMode(" Embedded ")).isEqualTo(LocalInfra.Mode.EMBEDDED);
        assertThat(LocalInfraFactory.parseMode(null)).isEqualTo(LocalInfra.Mode.AUTO);
        assertThatThrownBy(() -> LocalInfraFactory.parseMode("docker"))
                .hasMessageContaining("auto, embedded, containers, external");
    }

    @Test
    void optionsRejectImpossiblePorts() {
        assertThatThrownBy(() -> LocalInfra.Options.defaults().withMongoPort(70_000))
                .hasMessageContaining("mongoPort");
    }
}
