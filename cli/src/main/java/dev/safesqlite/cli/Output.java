package dev.safesqlite.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.safesqlite.BackupInfo;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Standard output of a command: lines for a person, or in {@code --json} mode one JSON document
 * and nothing else. Times for a person are local; in JSON they are ISO-8601 UTC.
 */
final class Output {

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().setPrettyPrinting().serializeNulls().create();
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private final boolean json;
    private final PrintStream out = System.out;

    Output(boolean json) {
        this.json = json;
    }

    boolean json() {
        return json;
    }

    /** A line for a person; nothing in JSON mode. */
    void line(String text) {
        if (!json) out.println(text);
    }

    /** The JSON document; nothing for a person. */
    void json(Object document) {
        if (json) out.println(GSON.toJson(document));
    }

    static String local(Instant t) {
        return t == null ? "-" : LOCAL.format(t);
    }

    static String size(long bytes) {
        if (bytes < 1024) return bytes + " B";
        double v = bytes;
        String[] units = {"KB", "MB", "GB", "TB"};
        int i = -1;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[i]);
    }

    static Map<String, Object> backup(BackupInfo b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", b.file().toString());
        m.put("created", b.created().toString());
        m.put("reason", b.reason());
        m.put("bytes", b.bytes());
        m.put("sha256", b.sha256());
        m.put("verify", b.verify());
        m.put("compression", b.compression());
        m.put("pinned", b.pinned());
        m.put("triggerSql", b.triggerSql());
        m.put("tables", b.tables());
        return m;
    }

    static Map<String, Object> point(dev.safesqlite.RestorePointInfo p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("position", p.position());
        m.put("created", p.created().toString());
        m.put("reason", p.reason());
        m.put("sql", p.sql());
        m.put("connection", p.connection());
        m.put("thread", p.thread());
        m.put("file", p.file().toString());
        return m;
    }

    static Map<String, Object> range(dev.safesqlite.PointInTimeRange r) {
        if (r == null) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("first", r.first());
        m.put("firstTime", r.firstTime().toString());
        m.put("last", r.last());
        m.put("lastTime", r.lastTime().toString());
        return m;
    }

    static String rows(Map<String, Long> tables) {
        long rows = tables.values().stream().mapToLong(Long::longValue).sum();
        return tables.size() + (tables.size() == 1 ? " table, " : " tables, ") + rows + (rows == 1 ? " row" : " rows");
    }
}
