package io.streetdigits.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} options; a command takes the ones it knows and refuses the rest. */
final class Options {

    private final Map<String, String> values;
    private final Set<String> used = new HashSet<>();

    private Options(Map<String, String> values) {
        this.values = values;
    }

    static Options parse(List<String> args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value;
            if (name.contains("=")) {
                value = name.substring(name.indexOf('=') + 1);
                name = name.substring(0, name.indexOf('='));
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                value = args.get(++i);
            } else {
                throw new IllegalArgumentException("option --" + name + " needs a value");
            }
            values.put(name, value);
        }
        return new Options(values);
    }

    String required(String name) {
        String value = optional(name, null);
        if (value == null) {
            throw new IllegalArgumentException("option --" + name + " is required");
        }
        return value;
    }

    String optional(String name, String fallback) {
        used.add(name);
        return values.getOrDefault(name, fallback);
    }

    Path path(String name) {
        return Path.of(required(name));
    }

    int integer(String name, int fallback) {
        String value = optional(name, null);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option --" + name + " must be a whole number, was '" + value + "'");
        }
    }

    Duration seconds(String name, Duration fallback) {
        String value = optional(name, null);
        try {
            return value == null ? fallback : Duration.ofSeconds(Long.parseLong(value.replaceAll("s$", "")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option --" + name + " must be seconds such as 30s, was '" + value
                    + "'");
        }
    }

    /** Call after reading every option: refuses options the command does not know. */
    void requireAllUsed() {
        Set<String> unknown = new HashSet<>(values.keySet());
        unknown.removeAll(used);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown option" + (unknown.size() > 1 ? "s" : "") + " --"
                    + String.join(", --", unknown.stream().sorted().toList()));
        }
    }
}
