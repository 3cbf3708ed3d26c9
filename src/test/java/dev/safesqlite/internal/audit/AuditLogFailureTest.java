package dev.safesqlite.internal.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An audit file that cannot be written never fails the application: each event goes to SLF4J
 * at ERROR, the failure is reported once, and its end once.
 */
class AuditLogFailureTest {

    private static final String FAILURE = "cannot write the audit log";
    private static final String LOST = "audit event not written to";
    private static final String BACK = "writes the audit log";

    @TempDir
    Path dir;

    private static void record(AuditLogFile log, int n) {
        log.record(AuditEvent.of("backup.created", "/data/app.db").with("n", n).build());
    }

    @Test
    void anUnwritableDirectoryIsReportedOnceAndEveryEventStillReachesTheLog() throws IOException {
        // A file where the directory should be: unwritable even for root, which tests may run as.
        Path blocker = Files.writeString(dir.resolve("backups"), "not a directory");
        Path file = blocker.resolve("audit.log");
        try (AuditLogFile log = AuditLogs.open(file, new RollingLimits(1024, 30, 0));
             StderrCapture err = new StderrCapture()) {
            for (int n = 0; n < 5; n++) record(log, n);
            assertEquals(1, err.count(FAILURE), err.text());
            assertEquals(5, err.count(LOST), err.text());
            assertTrue(err.text().contains("\"n\":4"), "the events themselves are logged: " + err.text());

            Files.delete(blocker); // the operator fixes it
            record(log, 5);
            record(log, 6);
            assertEquals(1, err.count(FAILURE), err.text());
            assertEquals(1, err.count(BACK), err.text());
            assertEquals(5, err.count(LOST), err.text());
        }
        List<String> lines = AuditFiles.allLines(file);
        assertEquals(2, lines.size());
        assertTrue(AuditChain.verify(file).intact());
    }

    @Test
    void aFullDiskIsReportedOnceAndEveryEventStillReachesTheLog() throws IOException {
        Path full = Path.of("/dev/full"); // every write fails with ENOSPC
        assumeTrue(Files.isWritable(full), "needs /dev/full");
        Path file = dir.resolve("audit.log");
        Files.createSymbolicLink(file, full);
        // A clock before /dev/full's own date: logback would otherwise take that date as the
        // file's day, roll it at once, and gzip the endless device.
        MutableClock clock = new MutableClock("2000-01-01T00:00:00Z");
        try (AuditLogFile log = AuditLogs.open(file, new RollingLimits(1024, 30, 0), clock);
             StderrCapture err = new StderrCapture()) {
            for (int n = 0; n < 5; n++) record(log, n);
            assertEquals(1, err.count(FAILURE), err.text());
            assertTrue(err.text().contains("No space left on device"), err.text());
            assertEquals(5, err.count(LOST), err.text());
        }
        Files.delete(file);
    }

    @Test
    void eventsAfterTheLastCloseAreNotLost() {
        AuditLogFile log = AuditLogs.open(dir.resolve("audit.log"), new RollingLimits(1024, 30, 0));
        log.close();
        try (StderrCapture err = new StderrCapture()) {
            record(log, 1);
            record(log, 2);
            assertEquals(1, err.count(FAILURE), err.text());
            assertEquals(2, err.count(LOST), err.text());
        }
    }
}
