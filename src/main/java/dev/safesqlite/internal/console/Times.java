package dev.safesqlite.internal.console;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Times as the page shows them: local to the console's machine, and ages in words. */
final class Times {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Times() {
    }

    static String local(Instant t, ZoneId zone) {
        return LOCAL.withZone(zone).format(t);
    }

    /** {@code 42 s}, {@code 5 min}, {@code 3 h 10 min}, {@code 2 d 4 h}. */
    static String age(Duration d) {
        long s = d.toSeconds();
        if (s < 60) return s + " s";
        if (s < 3600) return (s / 60) + " min";
        if (s < 86400) return (s / 3600) + " h " + (s % 3600 / 60) + " min";
        return (s / 86400) + " d " + (s % 86400 / 3600) + " h";
    }
}
