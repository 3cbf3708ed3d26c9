package dev.safesqlite.internal.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditLineTest {

    private static final String PREV = "ab".repeat(32);

    private static JsonObject line(AuditEvent e) {
        return JsonParser.parseString(AuditLine.withPrev(AuditLine.body(e, "worker-1"), PREV)).getAsJsonObject();
    }

    private static AuditEvent event(Map<String, Object> fields) {
        return new AuditEvent(Instant.parse("2026-11-21T10:15:30.123456Z"), "backup.created", "/data/app.db", fields);
    }

    @Test
    void carriesTheEventItsFieldsInOrderThreadPidAndPrevLast() {
        JsonObject j = line(event(Map.of("reason", "pre-ddl")));
        assertEquals(List.of("ts", "event", "db", "reason", "thread", "pid", "prev"), List.copyOf(j.keySet()));
        assertEquals("2026-11-21T10:15:30.123Z", j.get("ts").getAsString());
        assertEquals("backup.created", j.get("event").getAsString());
        assertEquals("/data/app.db", j.get("db").getAsString());
        assertEquals("worker-1", j.get("thread").getAsString());
        assertEquals(ProcessHandle.current().pid(), j.get("pid").getAsLong());
        assertEquals(PREV, j.get("prev").getAsString());
    }

    @Test
    void writesValuesAsJsonTypesAndOtherObjectsAsText() {
        AuditEvent e = AuditEvent.of("backup.created", "/d/a.db")
                .with("bytes", 4096L).with("verify", true).with("backup", Path.of("/b/a.db"))
                .with("ms", Duration.ofMillis(12)).with("tables", Map.of("orders", 3))
                .with("deleted", List.of("x.db", "y.db")).with("ratio", Double.NaN).build();
        JsonObject j = line(e);
        assertEquals(4096, j.get("bytes").getAsLong());
        assertTrue(j.get("verify").getAsBoolean());
        assertEquals("/b/a.db", j.get("backup").getAsString());
        assertEquals("PT0.012S", j.get("ms").getAsString());
        assertEquals(3, j.getAsJsonObject("tables").get("orders").getAsInt());
        assertEquals("y.db", j.getAsJsonArray("deleted").get(1).getAsString());
        assertEquals("NaN", j.get("ratio").getAsString());
    }

    @Test
    void anEventThatNamesItsThreadKeepsIt() {
        JsonObject j = line(event(Map.of("thread", "http-nio-8080-exec-3")));
        assertEquals("http-nio-8080-exec-3", j.get("thread").getAsString());
    }

    @Test
    void fieldsCannotForgeTheChainOrTheHeader() {
        JsonObject j = line(event(Map.of("prev", "0".repeat(64), "event", "fake", "pid", 1)));
        assertEquals(PREV, j.get("prev").getAsString());
        assertEquals("backup.created", j.get("event").getAsString());
        assertEquals(ProcessHandle.current().pid(), j.get("pid").getAsLong());
    }

    @Test
    void sqlUpToTheCapIsKeptWhole() {
        String sql = "x".repeat(AuditLine.SQL_CAP_BYTES);
        JsonObject j = line(event(Map.of("sql", sql)));
        assertEquals(sql, j.get("sql").getAsString());
        assertFalse(j.has("sqlTruncated"));
    }

    @Test
    void longerSqlIsCutAtTheCapAndMarked() {
        String sql = "DELETE FROM t WHERE id IN (" + "1,".repeat(5000) + "1)";
        JsonObject j = line(event(Map.of("sql", sql)));
        assertEquals(sql.substring(0, AuditLine.SQL_CAP_BYTES), j.get("sql").getAsString());
        assertTrue(j.get("sqlTruncated").getAsBoolean());
        assertEquals(sql.length(), j.get("sqlBytes").getAsInt());
    }

    @Test
    void sqlIsCutBetweenCharactersNeverInsideOne() {
        String sql = "€".repeat(2000); // 3 bytes each: 4096 is not a multiple of 3
        String cut = line(event(Map.of("sql", sql))).get("sql").getAsString();
        assertEquals(1365, cut.length());
        assertTrue(cut.getBytes(StandardCharsets.UTF_8).length <= AuditLine.SQL_CAP_BYTES);
        String emoji = "😀".repeat(1500); // surrogate pairs, 4 bytes each
        assertEquals(2048, line(event(Map.of("sql", emoji))).get("sql").getAsString().length());
    }

    @Test
    void nestedSqlIsCappedToo() {
        JsonObject j = line(event(Map.of("trigger", Map.of("sql", "y".repeat(10_000)))));
        JsonObject trigger = j.getAsJsonObject("trigger");
        assertEquals(AuditLine.SQL_CAP_BYTES, trigger.get("sql").getAsString().length());
        assertTrue(trigger.get("sqlTruncated").getAsBoolean());
    }

    @Test
    void aLineHasNoRawNewlineWhateverTheSqlHolds() {
        String body = AuditLine.body(event(Map.of("sql", "DROP TABLE t; -- bye\nDROP TABLE u\r\n\u2028")), "t");
        assertFalse(AuditLine.withPrev(body, PREV).contains("\n"));
        assertFalse(AuditLine.withPrev(body, PREV).contains("\r"));
    }
}
