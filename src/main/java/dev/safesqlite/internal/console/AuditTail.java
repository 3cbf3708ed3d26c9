package dev.safesqlite.internal.console;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The newest events of one database in its audit log. Databases of one directory share their
 * backup directory and so, by default, one audit log; the console shows only the lines of the
 * database it was given ({@code db} equal to its path), so that the token never reveals the SQL
 * of another database.
 *
 * @param events       newest last
 * @param otherLines   lines of the part read that belong to other databases, not shown
 * @param unreadable   lines of the part read that are not JSON objects, not shown
 */
record AuditTail(List<Event> events, int otherLines, int unreadable) {

    /** How much of the end of the log is read: enough for a page, bounded whatever the log's size. */
    private static final int WINDOW = 512 * 1024;
    private static final Set<String> NOT_SHOWN = Set.of("ts", "event", "db", "prev", "pid");

    /** One event: its time, its name and its other fields in the order written. */
    record Event(String ts, String event, Map<String, String> fields) {
    }

    static AuditTail of(Path log, Path database, int max) throws IOException {
        if (!Files.isRegularFile(log)) return new AuditTail(List.of(), 0, 0);
        List<String> lines = lastPart(log);
        List<Event> events = new ArrayList<>();
        int other = 0;
        int unreadable = 0;
        String db = database.toString();
        for (String line : lines) {
            if (line.isBlank()) continue;
            JsonObject o;
            try {
                JsonElement e = JsonParser.parseString(line);
                if (!e.isJsonObject()) {
                    unreadable++;
                    continue;
                }
                o = e.getAsJsonObject();
            } catch (RuntimeException notJson) {
                unreadable++;
                continue;
            }
            if (!db.equals(string(o.get("db")))) {
                other++;
                continue;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> f : o.entrySet()) {
                if (!NOT_SHOWN.contains(f.getKey()) && !f.getValue().isJsonNull()) fields.put(f.getKey(), string(f.getValue()));
            }
            events.add(new Event(string(o.get("ts")), string(o.get("event")), fields));
        }
        if (events.size() > max) events = events.subList(events.size() - max, events.size());
        return new AuditTail(List.copyOf(events), other, unreadable);
    }

    /** The complete lines of the last {@link #WINDOW} bytes. */
    private static List<String> lastPart(Path log) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long length = f.length();
            long start = Math.max(0, length - WINDOW);
            byte[] bytes = new byte[Math.toIntExact(length - start)];
            f.seek(start);
            f.readFully(bytes);
            List<String> lines = new ArrayList<>(List.of(new String(bytes, StandardCharsets.UTF_8).split("\n")));
            if (start > 0 && !lines.isEmpty()) lines.remove(0); // began inside a line
            return lines;
        }
    }

    private static String string(JsonElement e) {
        if (e == null || e.isJsonNull()) return null;
        return e.isJsonPrimitive() ? e.getAsString() : e.toString();
    }
}
