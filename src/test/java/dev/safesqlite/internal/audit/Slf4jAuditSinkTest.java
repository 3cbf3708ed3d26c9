package dev.safesqlite.internal.audit;

import static dev.safesqlite.internal.audit.Slf4jAuditSink.Level.ERROR;
import static dev.safesqlite.internal.audit.Slf4jAuditSink.Level.INFO;
import static dev.safesqlite.internal.audit.Slf4jAuditSink.Level.WARN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class Slf4jAuditSinkTest {

    @Test
    void levelsFollowTheIssue() {
        Map<String, Slf4jAuditSink.Level> expected = Map.ofEntries(
                Map.entry("wal.enabled", INFO), Map.entry("backup.created", INFO), Map.entry("backup.reused", INFO),
                Map.entry("retention.deleted", INFO), Map.entry("verify.ok", INFO), Map.entry("restore.done", INFO),
                Map.entry("checkpoint", INFO), Map.entry("vacuum", INFO),
                Map.entry("statement.unprotected", WARN), Map.entry("wal.unavailable", WARN),
                Map.entry("backup.failed", ERROR), Map.entry("verify.failed", ERROR),
                Map.entry("restore.rolledback", ERROR), Map.entry("statement.blocked", ERROR));
        expected.forEach((event, level) -> assertEquals(level, Slf4jAuditSink.levelOf(event), event));
    }

    @Test
    void mirrorsTheEventOnTheAuditLoggerWithTheSameSqlCap() {
        try (StderrCapture err = new StderrCapture()) {
            new Slf4jAuditSink().record(AuditEvent.of("statement.unprotected", "/data/app.db")
                    .with("sql", "DELETE FROM t WHERE x IN (" + "1,".repeat(4000) + "1)").build());
            String line = err.text().strip();
            assertTrue(line.contains("WARN safesqlite.audit - statement.unprotected db=/data/app.db sql=DELETE FROM t"), line);
            assertTrue(line.endsWith("... (cut at 4096 bytes)"), line);
            assertFalse(line.length() > 4096 + 200, "length " + line.length());
        }
    }
}
