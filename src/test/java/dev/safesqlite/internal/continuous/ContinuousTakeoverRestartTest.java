package dev.safesqlite.internal.continuous;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.internal.audit.Audit;
import dev.safesqlite.testing.TestDatabases;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The takeover's first capture and a WAL restart while nobody kept frames (review 2b). */
class ContinuousTakeoverRestartTest {
    @TempDir Path tmp;

    private ContinuousProtection protection(Path db, Events events) throws Exception {
        return new ContinuousProtection(db, tmp.resolve("backups"),
                TestDatabases.settings("continuous", "on", "continuous.lag", "50ms"), new Audit(events));
    }

    private static long salt1(Path wal) throws Exception {
        return ByteBuffer.wrap(Files.readAllBytes(wal), 16, 4).getInt();
    }

    @Test
    void aWalRestartBetweenTheContinuityCheckAndTheFirstCaptureKeepsTheUnkeptWritesAsOneChange() throws Exception {
        Path db = tmp.resolve("restart.db");
        Path wal = tmp.resolve("restart.db-wal");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.executeQuery("PRAGMA journal_mode=WAL").close();
            st.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
            st.execute("CREATE TABLE u(id INTEGER PRIMARY KEY, b BLOB)");
            ContinuousProtection first = protection(db, new Events());
            first.start();
            assertTrue(TestDatabases.eventually(first::ready));
            for (int i = 0; i < 3; i++) { st.execute("INSERT INTO t(v) VALUES ('kept" + i + "')"); first.keepNow(); }
            first.stop();
            // Nobody keeps frames now: writes to pages the next write does not touch, all checkpointed,
            // so the next keeper's hold reads from the database alone and a writer may restart the WAL.
            for (int i = 0; i < 3; i++) st.execute("INSERT INTO u(b) VALUES (randomblob(3000))");
            st.executeQuery("PRAGMA wal_checkpoint(FULL)").close();
            long before = salt1(wal);

            Events events = new Events();
            ContinuousProtection second = protection(db, events);
            AtomicReference<Long> restartedTo = new AtomicReference<>();
            second.beforeResumeCapture = () -> {
                try (Connection w = DriverManager.getConnection("jdbc:sqlite:" + db); Statement ws = w.createStatement()) {
                    ws.execute("INSERT INTO t(v) VALUES ('after the restart')");
                    restartedTo.set(salt1(wal));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            second.start();
            try {
                assertTrue(TestDatabases.eventually(second::ready));
                assertTrue(restartedTo.get() != null && restartedTo.get() != before, "the WAL restarted in the seam");
                long tx = second.keepNow();
                Path out = Files.createTempFile(tmp, "r-", ".db");
                new PointInTime(tmp.resolve("backups"), db).materialize(tx, out);
                assertEquals(ContentHash.of(c), ContentHash.of(out), "tx" + tx + " is the database as it is");
                assertFalse(events.named("continuous.gap").isEmpty(), "the unkept writes are reported as a gap");
            } finally {
                second.stop();
            }
        }
    }
}
