package io.eventbank.system;

import static io.eventbank.localstack.ServiceDefinition.ACCOUNTS;
import static io.eventbank.localstack.ServiceDefinition.ACCOUNT_VIEW;
import static io.eventbank.localstack.ServiceDefinition.TRANSFERS;

import io.eventbank.localstack.ServiceDefinition;
import io.eventbank.testsupport.Http;
import io.eventbank.testsupport.Tokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Malformed and hostile requests across the three APIs. Each must get a 4xx problem
 * ({@code application/problem+json}); none may append an event. An unknown extra field alone is not
 * bad input (the APIs ignore unknown fields by design, like every tolerant JSON reader), so it only
 * appears here combined with a real error.
 */
final class BadInput {

    /** One request; {@code chunked}: the body goes with Transfer-Encoding: chunked, without a Content-Length. */
    record Probe(String name, ServiceDefinition service, String method, String path, String contentType, String body,
                 Map<String, String> headers, boolean chunked) {

        Probe(String name, ServiceDefinition service, String method, String path, String contentType, String body,
              Map<String, String> headers) {
            this(name, service, method, path, contentType, body, headers, false);
        }
    }

    record Outcome(Probe probe, Http.Response answer) {

        boolean serverError() {
            return answer.status() >= 500;
        }

        boolean expected() {
            return answer.status() >= 400 && answer.status() < 500
                    && answer.contentType().startsWith("application/problem+json");
        }
    }

    private BadInput() {
    }

    /**
     * @param account an open account with money
     * @param other another open account
     * @param usedKey an Idempotency-Key already used for a transfer of 1.00 from account to other
     */
    static List<Probe> probes(UUID account, UUID other, String usedKey) {
        String unknown = UUID.randomUUID().toString();
        String json = "application/json";
        String big = "x".repeat(2 * 1024 * 1024);
        Map<String, String> teller = Map.of("Authorization", "Bearer " + Tokens.teller());
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        String hundredKb = "y".repeat(100 * 1024);
        List<Probe> p = new ArrayList<>();
        // accounts-service
        p.add(new Probe("open: invalid JSON", ACCOUNTS, "POST", "/accounts", json, "{\"ownerId\": \"a\",", teller));
        p.add(new Probe("open: initialBalance wrong type", ACCOUNTS, "POST", "/accounts", json,
                "{\"ownerId\":\"a\",\"title\":\"t\",\"initialBalance\":{\"value\":1}}", teller));
        p.add(new Probe("open: ownerId missing", ACCOUNTS, "POST", "/accounts", json,
                "{\"title\":\"t\",\"initialBalance\":\"1.00\"}", teller));
        p.add(new Probe("open: blank ownerId plus an extra field", ACCOUNTS, "POST", "/accounts", json,
                "{\"ownerId\":\" \",\"title\":\"t\",\"initialBalance\":\"1.00\",\"admin\":true}", teller));
        p.add(new Probe("open: negative balance", ACCOUNTS, "POST", "/accounts", json,
                "{\"ownerId\":\"a\",\"title\":\"t\",\"initialBalance\":\"-5.00\"}", teller));
        p.add(new Probe("open: three decimals", ACCOUNTS, "POST", "/accounts", json,
                "{\"ownerId\":\"a\",\"title\":\"t\",\"initialBalance\":\"1.005\"}", teller));
        p.add(new Probe("open: 10^20", ACCOUNTS, "POST", "/accounts", json,
                "{\"ownerId\":\"a\",\"title\":\"t\",\"initialBalance\":100000000000000000000}", teller));
        p.add(new Probe("open: 2 MB body", ACCOUNTS, "POST", "/accounts", json,
                "{\"ownerId\":\"" + big + "\",\"title\":\"t\",\"initialBalance\":\"1.00\"}", teller));
        p.add(new Probe("open: text/plain", ACCOUNTS, "POST", "/accounts", "text/plain",
                "{\"ownerId\":\"a\",\"title\":\"t\",\"initialBalance\":\"1.00\"}", teller));
        p.add(new Probe("account: PUT", ACCOUNTS, "PUT", "/accounts/" + account, json, "{}", Map.of()));
        p.add(new Probe("account: DELETE", ACCOUNTS, "DELETE", "/accounts/" + account, null, null, Map.of()));
        p.add(new Probe("account: malformed id", ACCOUNTS, "GET", "/accounts/not-a-uuid", null, null, Map.of()));
        p.add(new Probe("account: unknown id", ACCOUNTS, "GET", "/accounts/" + unknown, null, null, Map.of()));
        p.add(new Probe("account: atVersion -1", ACCOUNTS, "GET", "/accounts/" + account + "?atVersion=-1", null, null, Map.of()));
        p.add(new Probe("history: limit 0", ACCOUNTS, "GET", "/accounts/" + account + "/history?limit=0", null, null, Map.of()));
        p.add(new Probe("history: limit 10^6", ACCOUNTS, "GET", "/accounts/" + account + "/history?limit=1000000", null, null, Map.of()));
        p.add(new Probe("close: unknown account", ACCOUNTS, "POST", "/accounts/" + unknown + "/close", json, "{}", Map.of()));
        p.add(new Probe("close: non-zero balance", ACCOUNTS, "POST", "/accounts/" + account + "/close", json, "{}", Map.of()));
        for (String amount : List.of("1E+999999999", "1e-400", "\"-0.00\"", "-0.00", "\"NaN\"", "\"Infinity\"")) {
            p.add(new Probe("open: initialBalance " + amount, ACCOUNTS, "POST", "/accounts", json,
                    "{\"ownerId\":\"a\",\"title\":\"t\",\"initialBalance\":" + amount + "}", teller));
        }
        p.add(new Probe("open: duplicate key", ACCOUNTS, "POST", "/accounts", json,
                "{\"ownerId\":\"a\",\"title\":\"t\",\"title\":\"u\",\"initialBalance\":\"1.00\"}", teller));
        p.add(new Probe("open: nesting 10,000 deep", ACCOUNTS, "POST", "/accounts", json,
                "{\"ownerId\":\"a\",\"title\":" + deep + ",\"initialBalance\":\"1.00\"}", teller));
        p.add(new Probe("open: control character in title", ACCOUNTS, "POST", "/accounts", json,
                "{\"ownerId\":\"a\",\"title\":\"bell\\u0007\",\"initialBalance\":\"1.00\"}", teller));
        p.add(new Probe("open: 100 kB title", ACCOUNTS, "POST", "/accounts", json,
                "{\"ownerId\":\"a\",\"title\":\"" + hundredKb + "\",\"initialBalance\":\"1.00\"}", teller));
        p.add(new Probe("open: 100 kB chunked body", ACCOUNTS, "POST", "/accounts", json,
                "{\"ownerId\":\"a\",\"title\":\"" + hundredKb + "\",\"initialBalance\":\"1.00\"}", teller, true));
        // transfers-service
        String from = account.toString();
        String to = other.toString();
        p.add(new Probe("transfer: invalid JSON", TRANSFERS, "POST", "/transfers", json, "{\"fromAccountId\":", Map.of()));
        p.add(new Probe("transfer: zero amount", TRANSFERS, "POST", "/transfers", json, transfer(from, to, "\"0.00\""), Map.of()));
        p.add(new Probe("transfer: negative amount", TRANSFERS, "POST", "/transfers", json, transfer(from, to, "\"-1.00\""), Map.of()));
        p.add(new Probe("transfer: three decimals", TRANSFERS, "POST", "/transfers", json, transfer(from, to, "\"1.001\""), Map.of()));
        p.add(new Probe("transfer: 10^20", TRANSFERS, "POST", "/transfers", json, transfer(from, to, "1e20"), Map.of()));
        p.add(new Probe("transfer: amount wrong type", TRANSFERS, "POST", "/transfers", json, transfer(from, to, "true"), Map.of()));
        p.add(new Probe("transfer: same from and to", TRANSFERS, "POST", "/transfers", json, transfer(from, from, "\"1.00\""), Map.of()));
        p.add(new Probe("transfer: unknown accounts", TRANSFERS, "POST", "/transfers", json,
                transfer(unknown, UUID.randomUUID().toString(), "\"1.00\""), Map.of()));
        p.add(new Probe("transfer: malformed account id", TRANSFERS, "POST", "/transfers", json,
                transfer("12345", to, "\"1.00\""), Map.of()));
        p.add(new Probe("transfer: toAccountId missing plus an extra field", TRANSFERS, "POST", "/transfers", json,
                "{\"fromAccountId\":\"" + from + "\",\"amount\":\"1.00\",\"priority\":\"urgent\"}", Map.of()));
        p.add(new Probe("transfer: reused Idempotency-Key, other body", TRANSFERS, "POST", "/transfers", json,
                transfer(from, to, "\"2.00\""), Map.of("Idempotency-Key", usedKey)));
        p.add(new Probe("transfer: 2 MB body", TRANSFERS, "POST", "/transfers", json,
                "{\"fromAccountId\":\"" + from + "\",\"toAccountId\":\"" + to + "\",\"amount\":\"1.00\",\"description\":\""
                        + big + "\"}", Map.of()));
        p.add(new Probe("transfer: application/xml", TRANSFERS, "POST", "/transfers", "application/xml",
                "<transfer><amount>1.00</amount></transfer>", Map.of()));
        p.add(new Probe("transfers: PATCH", TRANSFERS, "PATCH", "/transfers", json, "{}", Map.of()));
        p.add(new Probe("transfer: malformed id", TRANSFERS, "GET", "/transfers/not-a-uuid", null, null, Map.of()));
        p.add(new Probe("transfer: unknown id", TRANSFERS, "GET", "/transfers/" + unknown, null, null, Map.of()));
        for (String amount : List.of("1E+999999999", "1e-400", "\"-0.00\"", "-0.00", "\"NaN\"", "\"Infinity\"")) {
            p.add(new Probe("transfer: amount " + amount, TRANSFERS, "POST", "/transfers", json, transfer(from, to, amount),
                    Map.of()));
        }
        p.add(new Probe("transfer: duplicate key", TRANSFERS, "POST", "/transfers", json,
                "{\"fromAccountId\":\"" + from + "\",\"toAccountId\":\"" + to
                        + "\",\"amount\":\"1.00\",\"amount\":\"2.00\",\"description\":\"d\"}", Map.of()));
        p.add(new Probe("transfer: nesting 10,000 deep", TRANSFERS, "POST", "/transfers", json,
                "{\"fromAccountId\":\"" + from + "\",\"toAccountId\":\"" + to + "\",\"amount\":\"1.00\",\"description\":"
                        + deep + "}", Map.of()));
        p.add(new Probe("transfer: control character in description", TRANSFERS, "POST", "/transfers", json,
                "{\"fromAccountId\":\"" + from + "\",\"toAccountId\":\"" + to
                        + "\",\"amount\":\"1.00\",\"description\":\"line\\nbreak\\u0000\"}", Map.of()));
        p.add(new Probe("transfer: 100 kB description, chunked", TRANSFERS, "POST", "/transfers", json,
                "{\"fromAccountId\":\"" + from + "\",\"toAccountId\":\"" + to + "\",\"amount\":\"1.00\",\"description\":\""
                        + hundredKb + "\"}", Map.of(), true));
        p.add(new Probe("transfer: malformed X-Correlation-Id", TRANSFERS, "POST", "/transfers", json,
                transfer(from, to, "\"1.00\""), Map.of("X-Correlation-Id", "not a sane id")));
        // account-view-service
        p.add(new Probe("view: waitMs -1", ACCOUNT_VIEW, "GET", "/accounts/" + account + "?waitMs=-1", null, null, Map.of()));
        p.add(new Probe("view: waitMs 10^9", ACCOUNT_VIEW, "GET", "/accounts/" + account + "?waitMs=1000000000", null, null, Map.of()));
        p.add(new Probe("view: minVersion -5", ACCOUNT_VIEW, "GET", "/accounts/" + account + "?minVersion=-5", null, null, Map.of()));
        p.add(new Probe("view: minVersion beyond int", ACCOUNT_VIEW, "GET", "/accounts/" + account + "?minVersion=99999999999",
                null, null, Map.of()));
        p.add(new Probe("view: minVersion far ahead, no wait", ACCOUNT_VIEW, "GET",
                "/accounts/" + account + "?minVersion=2147483647&waitMs=0", null, null, Map.of()));
        p.add(new Probe("view: malformed id", ACCOUNT_VIEW, "GET", "/accounts/not-a-uuid", null, null, Map.of()));
        p.add(new Probe("view: unknown account", ACCOUNT_VIEW, "GET", "/accounts/" + unknown + "?waitMs=0", null, null, Map.of()));
        p.add(new Probe("view changes: page -1", ACCOUNT_VIEW, "GET", "/accounts/" + account + "/changes?page=-1", null, null, Map.of()));
        p.add(new Probe("view changes: size 0", ACCOUNT_VIEW, "GET", "/accounts/" + account + "/changes?size=0", null, null, Map.of()));
        p.add(new Probe("view changes: size 10^5", ACCOUNT_VIEW, "GET", "/accounts/" + account + "/changes?size=100000", null, null, Map.of()));
        p.add(new Probe("view changes: page not a number", ACCOUNT_VIEW, "GET", "/accounts/" + account + "/changes?page=abc", null, null, Map.of()));
        p.add(new Probe("view: blank ownerId", ACCOUNT_VIEW, "GET", "/accounts?ownerId=", null, null, Map.of()));
        p.add(new Probe("view: POST", ACCOUNT_VIEW, "POST", "/accounts", json, "{}", Map.of()));
        p.add(new Probe("view transfer: unknown id", ACCOUNT_VIEW, "GET", "/transfers/" + unknown + "?waitMs=0", null, null, Map.of()));
        return p;
    }

    private static String transfer(String from, String to, String amountLiteral) {
        return "{\"fromAccountId\":\"" + from + "\",\"toAccountId\":\"" + to + "\",\"amount\":" + amountLiteral
                + ",\"description\":\"bad input\"}";
    }

    static Outcome send(Http http, ServiceStack stack, Probe probe) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json, application/problem+json");
        headers.putAll(probe.headers());
        Http client = http.timeout(Duration.ofSeconds(30));
        java.net.URI uri = stack.uri(probe.service()).resolve(probe.path());
        return new Outcome(probe, probe.chunked()
                ? client.postChunked(uri, probe.contentType(), probe.body().getBytes(StandardCharsets.UTF_8), headers)
                : client.send(probe.method(), uri, probe.contentType(), probe.body(), headers));
    }
}
