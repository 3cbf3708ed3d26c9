package dev.safesqlite.internal.audit;

import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * One event as one line of the audit log: a JSON object with {@code ts}, {@code event},
 * {@code db}, the event's fields in order, {@code thread}, {@code pid}, and last {@code prev}.
 *
 * <p>The line is built in two steps because {@code prev} (the hash of the line before) is only
 * known under the file lock: {@link #body} does the costly part outside it, {@link #withPrev}
 * closes the object inside it.
 */
final class AuditLine {

    /** SQL beyond this many UTF-8 bytes is cut, and the line says so ({@code sqlTruncated}). */
    static final int SQL_CAP_BYTES = 4096;

    private static final DateTimeFormatter TS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** Names the line itself owns; an event field of the same name is left out, never doubled. */
    private static final Set<String> RESERVED = Set.of("ts", "event", "db", "pid", "prev");

    private static final long PID = ProcessHandle.current().pid();

    private AuditLine() {
    }

    /**
     * The line without {@code prev} and without its closing brace. {@code thread} is the
     * recording thread, used unless the event names the thread itself.
     */
    static String body(AuditEvent e, String thread) {
        StringWriter out = new StringWriter(256);
        // Not closed: close() rejects the still-open object that withPrev finishes.
        JsonWriter w = new JsonWriter(out);
        try {
            w.setHtmlSafe(false);
            w.beginObject();
            w.name("ts").value(TS.format(e.ts()));
            w.name("event").value(e.event());
            w.name("db").value(e.db());
            for (Map.Entry<String, Object> f : e.fields().entrySet()) {
                if (!RESERVED.contains(f.getKey())) field(w, f.getKey(), f.getValue());
            }
            if (!e.fields().containsKey("thread")) w.name("thread").value(thread);
            w.name("pid").value(PID);
            w.flush();
        } catch (IOException impossible) {
            throw new UncheckedIOException("a StringWriter does not fail", impossible);
        }
        return out.toString();
    }

    /** Closes {@code body} with the hash of the previous line; hex needs no JSON escaping. */
    static String withPrev(String body, String prevHex) {
        return body + ",\"prev\":\"" + prevHex + "\"}";
    }

    /** A line outside the chain (an event that could not be written): closed without prev. */
    static String unchained(String body) {
        return body + "}";
    }

    private static void field(JsonWriter w, String name, Object value) throws IOException {
        if ("sql".equals(name) && value instanceof CharSequence sql) {
            sql(w, sql.toString());
            return;
        }
        w.name(name);
        value(w, value);
    }

    private static void sql(JsonWriter w, String sql) throws IOException {
        byte[] utf8 = sql.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= SQL_CAP_BYTES) {
            w.name("sql").value(sql);
            return;
        }
        w.name("sql").value(prefixOfAtMostBytes(sql, SQL_CAP_BYTES));
        w.name("sqlTruncated").value(true);
        w.name("sqlBytes").value(utf8.length);
    }

    /** The longest prefix of whole code points that fits in {@code max} UTF-8 bytes. */
    static String prefixOfAtMostBytes(String s, int max) {
        int bytes = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + len > max) break;
            bytes += len;
            i += Character.charCount(cp);
        }
        return s.substring(0, i);
    }

    private static void value(JsonWriter w, Object v) throws IOException {
        if (v == null) {
            w.nullValue();
        } else if (v instanceof Boolean b) {
            w.value(b);
        } else if (v instanceof Number n && isFinite(n)) {
            w.value(n);
        } else if (v instanceof Map<?, ?> map) {
            w.beginObject();
            for (Map.Entry<?, ?> f : map.entrySet()) field(w, String.valueOf(f.getKey()), f.getValue());
            w.endObject();
        } else if (v instanceof Collection<?> items) { // not Iterable: a Path iterates its own names
            w.beginArray();
            for (Object item : items) value(w, item);
            w.endArray();
        } else if (v.getClass().isArray()) {
            w.beginArray();
            for (int i = 0; i < Array.getLength(v); i++) value(w, Array.get(v, i));
            w.endArray();
        } else {
            // Instant, Path, Duration, enums, exceptions: their text is what an operator reads.
            w.value(String.valueOf(v));
        }
    }

    private static boolean isFinite(Number n) {
        return !(n instanceof Double d && !Double.isFinite(d)) && !(n instanceof Float f && !Float.isFinite(f));
    }

    static byte[] utf8(String line) {
        return line.getBytes(StandardCharsets.UTF_8);
    }
}
