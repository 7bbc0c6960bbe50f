package io.eventbank.infra;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Answers "does a Docker engine answer here?" quickly and quietly: a {@code GET /_ping} on
 * {@code DOCKER_HOST} or the usual sockets, bounded by a timeout. A docker CLI without an engine,
 * a dangling socket file or a silent socket all mean no.
 */
final class DockerProbe {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private DockerProbe() {
    }

    /** The endpoint that answered the ping, if any. */
    static Optional<String> answeringEngine(Map<String, String> env) {
        for (String candidate : candidates(env)) {
            if (pings(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static List<String> candidates(Map<String, String> env) {
        List<String> result = new ArrayList<>();
        String dockerHost = env.get("DOCKER_HOST");
        if (dockerHost != null && !dockerHost.isBlank()) {
            result.add(dockerHost.trim());
            return result;
        }
        result.add("unix:///var/run/docker.sock");
        String home = System.getProperty("user.home");
        if (home != null) {
            result.add("unix://" + home + "/.docker/run/docker.sock");
            result.add("unix://" + home + "/.docker/desktop/docker.sock");
        }
        String runtimeDir = env.get("XDG_RUNTIME_DIR");
        if (runtimeDir != null && !runtimeDir.isBlank()) {
            result.add("unix://" + runtimeDir + "/docker.sock");
        }
        return result;
    }

    static boolean pings(String endpoint) {
        var executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "docker-probe");
            t.setDaemon(true);
            return t;
        });
        try {
            return executor.submit(() -> ping(endpoint)).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            executor.shutdownNow();
        }
    }

    private static boolean ping(String endpoint) throws IOException {
        URI uri = URI.create(endpoint);
        String request = "GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n";
        String response;
        if ("unix".equals(uri.getScheme())) {
            Path socket = Path.of(uri.getPath());
            if (!Files.exists(socket)) {
                return false;
            }
            SocketAddress address = UnixDomainSocketAddress.of(socket);
            try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                channel.connect(address);
                channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
                response = readAll(channel);
            }
        } else if ("tcp".equals(uri.getScheme()) || "http".equals(uri.getScheme())) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 2375),
                        (int) TIMEOUT.toMillis());
                socket.setSoTimeout((int) TIMEOUT.toMillis());
                socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
                response = new String(socket.getInputStream().readNBytes(4096), StandardCharsets.US_ASCII);
            }
        } else {
            return false; // e.g. tcp with TLS (https) or ssh: let the caller choose the mode explicitly
        }
        return response.startsWith("HTTP/1.") && response.contains(" 200 ") && response.endsWith("OK");
    }

    private static String readAll(SocketChannel channel) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        while (out.size() < 8192 && channel.read(buffer) > 0) {
            out.write(buffer.array(), 0, buffer.position());
            buffer.clear();
        }
        return out.toString(StandardCharsets.US_ASCII);
    }
}
