package io.eventbank.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} options of one benchmark; unknown names and missing values are errors. */
final class NamedOptions {

    private final Map<String, String> values;

    private NamedOptions(Map<String, String> values) {
        this.values = values;
    }

    static NamedOptions parse(List<String> args, Set<String> allowed) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String value;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new IllegalArgumentException(arg + " needs a value");
            }
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException("unknown option " + name + " (known: " + String.join(", ", allowed) + ")");
            }
            values.put(name, value);
        }
        return new NamedOptions(values);
    }

    String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    boolean bool(String name, boolean fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException(name + " needs true or false: " + value);
        };
    }

    int positive(String name, int fallback) {
        String value = values.get(name);
        return value == null ? fallback : positive(name, value);
    }

    Duration seconds(String name, int fallback) {
        return Duration.ofSeconds(positive(name, fallback));
    }

    List<Integer> positives(String name, String fallback) {
        List<Integer> result = new ArrayList<>();
        for (String part : values.getOrDefault(name, fallback).split(",")) {
            result.add(positive(name, part.trim()));
        }
        return List.copyOf(result);
    }

    private static int positive(String name, String value) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a whole number: " + value);
        }
        if (n <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
        return n;
    }
}
