package dev.safesqlite.internal.continuous;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.internal.audit.Audit;
import dev.safesqlite.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An Error (OutOfMemoryError) on the capture thread (review 3). */
class ContinuousErrorTest {
    @TempDir Path tmp;

    @Test
    void theCaptureThreadSurvivesAnErrorAndKeepsOnCapturing() throws Exception {
        Path db = tmp.resolve("error.db");
        Events events = new Events();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.executeQuery("PRAGMA journal_mode=WAL").close();
            st.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
            ContinuousProtection cp = new ContinuousProtection(db, tmp.resolve("backups"),
                    TestDatabases.settings("continuous", "on", "continuous.lag", "50ms"), new Audit(events));
            cp.start();
            try {
                assertTrue(TestDatabases.eventually(cp::ready));
                long start = cp.lastTxid();
                AtomicBoolean once = new AtomicBoolean(true);
                cp.onKept(() -> {
                    if (once.getAndSet(false)) throw new OutOfMemoryError("test: no memory after a change file");
                });
                st.execute("INSERT INTO t(v) VALUES ('one')"); // kept by the thread's poll, which then meets the Error
                assertTrue(TestDatabases.eventually(() -> !once.get()));
                st.execute("INSERT INTO t(v) VALUES ('two')"); // kept only if the thread still runs
                assertTrue(TestDatabases.eventually(() -> cp.ready() && cp.lastTxid() >= start + 2),
                        "kept up to tx" + cp.lastTxid());
                assertTrue(events.named("continuous.failed").size() >= 1);
                Path out = Files.createTempFile(tmp, "r-", ".db");
                new PointInTime(tmp.resolve("backups"), db).materialize(cp.keepNow(), out);
                assertEquals(ContentHash.of(c), ContentHash.of(out));
            } finally {
                cp.stop();
            }
        }
    }
}
