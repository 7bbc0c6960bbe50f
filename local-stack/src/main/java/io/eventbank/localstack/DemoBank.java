package io.eventbank.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Opens the demo customers' funded accounts through the teller client (client credentials with the
 * local secret), as a bank's teller would: customers themselves open accounts at zero.
 */
final class DemoBank {

    /** The opening balance of each demo customer's account. */
    static final Map<String, String> OPENING = Map.of("alice", "1000.00", "bob", "250.00");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI auth;
    private final URI accounts;
    private final LocalSecrets secrets;

    DemoBank(URI auth, URI accounts, LocalSecrets secrets) {
        this.auth = auth;
        this.accounts = accounts;
        this.secrets = secrets;
    }

    /**
     * Opens each demo customer's account once: ids remembered in {@code remembered} from an earlier run
     * (on the same databases) are used again, the others opened and added to it.
     *
     * @return each demo customer's account id
     */
    Map<String, String> openAccounts(Path remembered) throws IOException, InterruptedException {
        Properties known = new Properties();
        if (Files.isRegularFile(remembered)) {
            try (var in = Files.newBufferedReader(remembered)) {
                known.load(in);
            }
        }
        Map<String, String> accounts = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String customer : LocalSecrets.DEMO_CUSTOMERS) {
            String id = known.getProperty(customer);
            if (id == null || id.isBlank()) {
                missing.add(customer);
            } else {
                accounts.put(customer, id);
            }
        }
        if (!missing.isEmpty()) {
            accounts.putAll(open(missing));
            accounts.forEach(known::setProperty);
            Files.createDirectories(remembered.getParent());
            try (var out = Files.newBufferedWriter(remembered)) {
                known.store(out, "the demo customers' account ids on the kept databases");
            }
        }
        return accounts;
    }

    private Map<String, String> open(List<String> customers) throws IOException, InterruptedException {
        String teller = tellerToken();
        Map<String, String> opened = new LinkedHashMap<>();
        for (String customer : customers) {
            String body = JSON.writeValueAsString(Map.of("ownerId", customer, "title", "Everyday",
                    "initialBalance", OPENING.get(customer)));
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(accounts.resolve("/accounts"))
                    .timeout(Duration.ofSeconds(15))
                    .header("Authorization", "Bearer " + teller)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 201) {
                throw new IOException("opening " + customer + "'s account answered " + answer.statusCode() + ": "
                        + answer.body());
            }
            opened.put(customer, JSON.readTree(answer.body()).path("accountId").asString());
        }
        return opened;
    }

    private String tellerToken() throws IOException, InterruptedException {
        String credentials = Base64.getEncoder().encodeToString(("eventbank-teller:" + secrets.get(LocalSecrets.TELLER_SECRET))
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(auth.resolve("/oauth2/token"))
                .timeout(Duration.ofSeconds(15))
                .header("Authorization", "Basic " + credentials)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope="
                        + URLEncoder.encode("eventbank.teller", StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = JSON.readTree(answer.body());
        if (answer.statusCode() != 200 || !json.hasNonNull("access_token")) {
            throw new IOException("the teller's token request answered " + answer.statusCode() + ": " + answer.body());
        }
        return json.path("access_token").asString();
    }
}
