package org.creditwatch.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code --name value} options of one command; every option must be known to the command and given once. */
final class Arguments {
    private final String command;
    private final Map<String, List<String>> values = new HashMap<>();

    private Arguments(String command) {
        this.command = command;
    }

    static Arguments parse(String command, String[] args, int from, Set<String> known, Set<String> repeatable)
            throws UsageException {
        Arguments parsed = new Arguments(command);
        for (int i = from; i < args.length; i++) {
            String name = args[i];
            if (!name.startsWith("--") || !known.contains(name.substring(2))) {
                throw new UsageException(command + ": unknown option " + name + " (known: --"
                        + String.join(", --", known.stream().sorted().toList()) + ")");
            }
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                throw new UsageException(command + ": option " + name + " needs a value");
            }
            List<String> list = parsed.values.computeIfAbsent(name.substring(2), k -> new ArrayList<>());
            if (!list.isEmpty() && !repeatable.contains(name.substring(2))) {
                throw new UsageException(command + ": option " + name + " is given twice");
            }
            list.add(args[++i]);
        }
        return parsed;
    }

    String optional(String name) {
        List<String> list = values.get(name);
        return list == null ? null : list.get(0);
    }

    String or(String name, String defaultValue) {
        String value = optional(name);
        return value == null ? defaultValue : value;
    }

    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    String required(String name) throws UsageException {
        String value = optional(name);
        if (value == null) {
            throw new UsageException(command + ": --" + name + " is required");
        }
        return value;
    }

    Path path(String name) throws UsageException {
        return Path.of(required(name));
    }

    int positiveInt(String name, int defaultValue) throws UsageException {
        String value = optional(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(command + ": --" + name + " must be a positive whole number, not " + value);
    }

    long longValue(String name, long defaultValue) throws UsageException {
        String value = optional(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": --" + name + " must be a whole number, not " + value);
        }
    }

    /** A duration like {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h} or ISO-8601 {@code PT10S}. */
    Duration duration(String name, Duration defaultValue) throws UsageException {
        String value = optional(name);
        if (value == null) {
            return defaultValue;
        }
        Matcher m = Pattern.compile("(\\d+)(ms|s|m|h|d)").matcher(value);
        try {
            if (m.matches()) {
                long amount = Long.parseLong(m.group(1));
                switch (m.group(2)) {
                    case "ms":
                        return Duration.ofMillis(amount);
                    case "s":
                        return Duration.ofSeconds(amount);
                    case "m":
                        return Duration.ofMinutes(amount);
                    case "h":
                        return Duration.ofHours(amount);
                    default:
                        return Duration.ofDays(amount);
                }
            }
            return Duration.parse(value);
        } catch (RuntimeException e) {
            throw new UsageException(command + ": --" + name + " must be a duration like 10s, 500ms, 5m or 180d, not " + value);
        }
    }

    /** An ISO-8601 instant with an offset ({@code 2026-06-30T12:00:00+08:00} or {@code ...Z}), in epoch ms. */
    Long instant(String name) throws UsageException {
        String value = optional(name);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(value).toEpochMilli();
            } catch (DateTimeParseException e2) {
                throw new UsageException(command + ": --" + name
                        + " must be an ISO-8601 instant with offset, like 2026-06-30T12:00:00+08:00, not " + value);
            }
        }
    }
}
