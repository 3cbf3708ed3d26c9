package dev.safesqlite.internal.config;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code jdbc:sqlite:} URL split into what sqlite-jdbc must see and SafeSQLite's own
 * {@code safesqlite.*} query parameters. sqlite-jdbc turns unknown parameters of a plain path
 * into part of the file name, so ours must be removed; every other parameter stays exactly
 * as written, in order.
 */
public record SqliteUrl(String sqliteUrl, Map<String, String> settings) {

    public static final String SQLITE_PREFIX = "jdbc:sqlite:";

    /** Splits a {@code jdbc:sqlite:...} URL. */
    public static SqliteUrl parse(String url) {
        int q = url.indexOf('?');
        if (q < 0) {
            return new SqliteUrl(url, Map.of());
        }
        Map<String, String> ours = new LinkedHashMap<>();
        StringBuilder kept = new StringBuilder();
        for (String pair : url.substring(q + 1).split("&", -1)) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (name.startsWith(Setting.PREFIX)) {
                ours.put(name, eq < 0 ? "" : percentDecode(pair.substring(eq + 1)));
            } else {
                if (kept.length() > 0) kept.append('&');
                kept.append(pair);
            }
        }
        if (ours.isEmpty()) {
            return new SqliteUrl(url, Map.of());
        }
        String base = url.substring(0, q);
        return new SqliteUrl(kept.length() == 0 ? base : base + '?' + kept, Map.copyOf(ours));
    }

    private static String percentDecode(String s) {
        if (s.indexOf('%') < 0) return s;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() + 0 && i + 2 <= s.length() - 1) {
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi >= 0 && lo >= 0) {
                    out.write((hi << 4) | lo);
                    i += 2;
                    continue;
                }
            }
            byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
            out.write(b, 0, b.length);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
