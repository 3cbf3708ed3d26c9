package dev.safesqlite.internal.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How the text of a setting becomes a value; a failure says what was expected. */
abstract class ValueType {

    /** Thrown with the human description of what the value should have looked like. */
    static final class Invalid extends Exception {
        Invalid(String expected) {
            super(expected, null, false, false);
        }
    }

    abstract Object parse(String text) throws Invalid;

    private static final Pattern DURATION_TEXT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern SIZE_TEXT = Pattern.compile("(\\d+)\\s*(B|KB|MB|GB|TB)?", Pattern.CASE_INSENSITIVE);

    static final ValueType BOOLEAN = new ValueType() {
        @Override
        Object parse(String t) throws Invalid {
            switch (t.toLowerCase(Locale.ROOT)) {
                case "true": case "yes": case "on": return Boolean.TRUE;
                case "false": case "no": case "off": return Boolean.FALSE;
                default: throw new Invalid("true or false");
            }
        }
    };

    static final ValueType POSITIVE_LONG = new ValueType() {
        @Override
        Object parse(String t) throws Invalid {
            try {
                long v = Long.parseLong(t);
                if (v >= 1) return v;
            } catch (NumberFormatException ignored) {
                // falls through to the message below
            }
            throw new Invalid("a whole number of at least 1");
        }
    };

    static final ValueType NON_NEGATIVE_INT = new ValueType() {
        @Override
        Object parse(String t) throws Invalid {
            try {
                int v = Integer.parseInt(t);
                if (v >= 0) return v;
            } catch (NumberFormatException ignored) {
                // falls through to the message below
            }
            throw new Invalid("a whole number of at least 0");
        }
    };

    static final ValueType DURATION = new ValueType() {
        @Override
        Object parse(String t) throws Invalid {
            return parseDuration(t, false);
        }
    };

    /** Like DURATION, but a bare number counts as milliseconds (busy.timeout's documented unit). */
    static final ValueType MILLIS = new ValueType() {
        @Override
        Object parse(String t) throws Invalid {
            return parseDuration(t, true);
        }
    };

    static final ValueType SIZE = new ValueType() {
        @Override
        Object parse(String t) throws Invalid {
            Matcher m = SIZE_TEXT.matcher(t);
            if (!m.matches()) throw new Invalid("a size such as 16KB, 10MB or 1GB");
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
            int shift = switch (unit) {
                case "KB" -> 10;
                case "MB" -> 20;
                case "GB" -> 30;
                case "TB" -> 40;
                default -> 0;
            };
            return n << shift;
        }
    };

    static final ValueType PATH = new ValueType() {
        @Override
        Object parse(String t) throws Invalid {
            if (t.isEmpty()) return null; // unset: derived from the database's location
            try {
                return Path.of(t).toAbsolutePath().normalize();
            } catch (RuntimeException e) {
                throw new Invalid("a file system path");
            }
        }
    };

    /** {@code off} or a local time of day such as {@code 02:00}. */
    static final ValueType TIME_OF_DAY = new ValueType() {
        @Override
        Object parse(String t) throws Invalid {
            if (t.equalsIgnoreCase("off") || t.isEmpty()) return Optional.OFF;
            try {
                return LocalTime.parse(t);
            } catch (DateTimeParseException e) {
                throw new Invalid("off or a time of day such as 02:00");
            }
        }
    };

    static final ValueType PROTECT_SET = new ValueType() {
        @Override
        Object parse(String t) throws Invalid {
            EnumSet<Protect> set = EnumSet.noneOf(Protect.class);
            for (String part : t.split(",")) {
                String p = part.trim().toLowerCase(Locale.ROOT);
                if (p.equals("none") && t.trim().equalsIgnoreCase("none")) return set;
                Protect found = null;
                for (Protect candidate : Protect.values()) {
                    if (candidate.label().equals(p)) found = candidate;
                }
                if (found == null) throw new Invalid("none, or a comma-separated list of ddl, bulk-delete, bulk-update");
                set.add(found);
            }
            return set;
        }
    };

    /** Any text, trimmed. */
    static final ValueType TEXT = new ValueType() {
        @Override
        Object parse(String t) throws Invalid {
            String v = t.trim();
            if (v.isEmpty()) throw new Invalid("a non-empty value");
            return v;
        }
    };

    /** Empty for the default, else an http(s) URL such as {@code http://127.0.0.1:9000}. */
    static final ValueType ENDPOINT = new ValueType() {
        @Override
        Object parse(String t) throws Invalid {
            if (t.isBlank()) return null;
            try {
                java.net.URI u = new java.net.URI(t.trim());
                if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null) return u;
            } catch (java.net.URISyntaxException ignored) {
                // falls through to the message below
            }
            throw new Invalid("an http:// or https:// URL of an S3-compatible server, such as http://127.0.0.1:9000");
        }
    };

    /** {@code off}, or comma-separated {@code s3://BUCKET/PREFIX} and {@code file:///PATH} targets. */
    static final ValueType REPLICA_URLS = new ValueType() {
        @Override
        Object parse(String t) throws Invalid {
            if (t.isBlank() || t.trim().equalsIgnoreCase("off")) return List.of();
            java.util.List<java.net.URI> out = new java.util.ArrayList<>();
            for (String part : t.split(",")) {
                out.add(ReplicaUrl.parse(part.trim()));
            }
            return List.copyOf(out);
        }
    };

    /** {@code off}, {@code env:VAR} or {@code file:PATH}: read now, so a missing key fails here and not at the first upload. */
    static final ValueType REPLICA_KEY = new ValueType() {
        @Override
        Object parse(String t) throws Invalid {
            if (t.isBlank() || t.trim().equalsIgnoreCase("off")) return Optional.OFF;
            return ReplicaKey.load(t.trim());
        }
    };

    static ValueType choice(String... allowed) {
        List<String> options = Arrays.asList(allowed);
        return new ValueType() {
            @Override
            Object parse(String t) throws Invalid {
                String v = t.toLowerCase(Locale.ROOT);
                if (options.contains(v)) return v;
                throw new Invalid("one of " + String.join(", ", options));
            }
        };
    }

    /** Marker for settings that are switched off. */
    enum Optional { OFF }

    static Duration parseDuration(String t, boolean bareIsMillis) throws Invalid {
        String s = t.trim();
        if (s.equals("0")) return Duration.ZERO;
        if (bareIsMillis && s.matches("\\d+")) return Duration.ofMillis(Long.parseLong(s));
        Matcher m = DURATION_TEXT.matcher(s);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        if (s.startsWith("P") || s.startsWith("p")) {
            try {
                Duration d = Duration.parse(s.toUpperCase(Locale.ROOT));
                if (!d.isNegative()) return d;
            } catch (DateTimeParseException ignored) {
                // falls through to the message below
            }
        }
        throw new Invalid("a duration such as 500ms, 30s, 5m, 1h, 7d, PT5M or 0");
    }
}
