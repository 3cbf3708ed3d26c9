package dev.safesqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Settings that belong to the database (retention, schedule, audit, checkpoints) are fixed by the
 * first connection that opens it in the JVM; a later connection asking for other values is told
 * so once, never ignored in silence (issue 11, point 5).
 */
@ExtendWith(AwaitBackgroundWork.class)
class SettingsOfTheDatabaseTest {

    @TempDir
    Path dir;

    @Test
    void aSecondConnectionWithOtherRetentionIsWarnedOnceNamingTheKeyAndBothValues() throws Exception {
        TestDatabase db = TestDatabase.withOrders(dir, 3);
        String output;
        try (AskedJournalModeTest.StderrCapture err = new AskedJournalModeTest.StderrCapture();
             Connection first = DriverManager.getConnection(db.url("safesqlite.retain.last=20"))) {
            for (int i = 0; i < 3; i++) { // a pool's connections: one warning, not one each
                try (Connection other = DriverManager.getConnection(
                        db.url("safesqlite.retain.last=3", "safesqlite.checkpoint.interval=0"))) {
                    other.isValid(1);
                }
            }
            try (Connection same = DriverManager.getConnection(db.url("safesqlite.retain.last=20"))) {
                same.isValid(1);
            }
            output = err.text();
        }
        List<String> warnings = output.lines().filter(l -> l.contains("WARN") && l.contains("retain.last")).toList();
        assertEquals(1, warnings.size(), output);
        String w = warnings.get(0);
        assertTrue(w.contains(db.file().toString()), w);
        assertTrue(w.contains("safesqlite.retain.last, safesqlite.checkpoint.interval"), w);
        assertTrue(w.contains("safesqlite.retain.last: 3 (URL query parameter) asked, 20 (URL query parameter) applies"), w);
        assertTrue(w.contains("safesqlite.checkpoint.interval: PT0S"), w);
    }

    @Test
    void settingsOfTheConnectionDifferWithoutAWarning() throws Exception {
        TestDatabase db = TestDatabase.withOrders(dir, 3);
        String output;
        try (AskedJournalModeTest.StderrCapture err = new AskedJournalModeTest.StderrCapture();
             Connection first = DriverManager.getConnection(db.url());
             Connection other = DriverManager.getConnection(db.url("safesqlite.bulk.rows=5", "safesqlite.coalesce=0",
                     "safesqlite.protect=ddl", "safesqlite.on.failure=proceed"))) {
            other.isValid(1);
            output = err.text();
        }
        assertEquals(0, output.lines().filter(l -> l.contains("WARN")).count(), output);
    }
}
