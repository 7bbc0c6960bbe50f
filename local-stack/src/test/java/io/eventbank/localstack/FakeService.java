package io.eventbank.localstack;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Stands in for a service jar in launcher tests: {@code FakeService PORT MODE} where MODE is
 * {@code ready} (answers readiness), {@code never-ready} (answers 503), {@code crash} (exits 3),
 * or {@code ready-with-child} (also starts a grandchild process and logs its pid). Without arguments
 * it listens on {@code SERVER_PORT} in mode {@code ready}, so it can also pose as a service jar.
 */
public final class FakeService {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args.length > 0 ? args[0] : System.getenv("SERVER_PORT"));
        String mode = args.length > 1 ? args[1] : "ready";
        System.getenv().entrySet().stream()
                .filter(e -> e.getKey().startsWith("SPRING_") || e.getKey().equals("SERVER_PORT"))
                .sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> System.out.println("env " + e.getKey() + "=" + e.getValue()));
        System.out.println("fake service starting on " + port + " in mode " + mode);
        if (mode.equals("crash")) {
            System.out.println("APPLICATION FAILED TO START: boom");
            System.out.println("Caused by: java.lang.IllegalStateException: the real reason");
            for (int i = 0; i < 60; i++) {
                System.out.println("\tat frame" + i);
            }
            System.exit(3);
        }
        if (mode.equals("ready-with-child")) {
            Process grandchild = new ProcessBuilder("sleep", "600").start();
            System.out.println("grandchild pid " + grandchild.pid());
        }
        int status = mode.equals("never-ready") ? 503 : 200;
        HttpServer server = HttpServer.create(new InetSocketAddress("localhost", port), 0);
        server.createContext(ServiceDefinition.READINESS_PATH, exchange -> {
            byte[] body = (status == 200 ? "{\"status\":\"UP\"}" : "{\"status\":\"OUT_OF_SERVICE\"}").getBytes();
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        System.out.flush();
        TimeUnit.HOURS.sleep(1);
    }
}
