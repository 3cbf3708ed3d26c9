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
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReviewTimelineForkTest {
    @TempDir Path tmp;

    private ContinuousProtection started(Path db) throws Exception {
        ContinuousProtection cp = new ContinuousProtection(db, tmp.resolve("backups"),
                TestDatabases.settings("continuous", "on", "continuous.lag", "50ms"), new Audit(new Events()));
        cp.start();
        assertTrue(TestDatabases.eventually(cp::ready));
        return cp;
    }

    @Test
    void aLostLogWithSnapshotsLeftNeverGivesTheirTxidsToAnotherState() throws Exception {
        Path db = tmp.resolve("fork.db");
        Path backups = tmp.resolve("backups");
        Map<Long, String> states = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.executeQuery("PRAGMA journal_mode=WAL").close();
            st.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
            ContinuousProtection cp = started(db);
            for (int i = 0; i < 10; i++) { st.execute("INSERT INTO t(v) VALUES ('old" + i + "')"); cp.keepNow(); }
            cp.snapshotNow();
            long snapshotTx = cp.lastTxid();
            String snapshotState = ContentHash.of(c);
            for (int i = 0; i < 10; i++) { st.execute("INSERT INTO t(v) VALUES ('old2" + i + "')"); cp.keepNow(); }
            cp.stop();
            // the change log is lost (deleted, disk, new backup.dir for continuous...), the snapshots (ordinary backups) stay
            Path log = ChangeLog.directory(backups, db.toAbsolutePath().normalize());
            try (var s = Files.walk(log)) { s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete()); }
            st.execute("DELETE FROM t WHERE id > 3");
            ContinuousProtection cp2 = started(db);
            try {
                for (int i = 0; i < 20; i++) {
                    st.execute("INSERT INTO t(v) VALUES ('new" + i + "')");
                    long tx = cp2.keepNow();
                    states.put(tx, ContentHash.of(c));
                }
                StringBuilder bad = new StringBuilder();
                for (var e : states.entrySet()) {
                    Path out = Files.createTempFile(tmp, "r-", ".db");
                    try {
                        new PointInTime(backups, db).materialize(e.getKey(), out);
                        String got = ContentHash.of(out);
                        if (!got.equals(e.getValue())) bad.append("tx").append(e.getKey()).append(" differs; ");
                    } catch (Exception ex) {
                        bad.append("tx").append(e.getKey()).append(" ").append(ex).append("; ");
                    }
                }
                assertEquals("", bad.toString(), "states " + states.keySet());
                // no txid of the old history is given again: the surviving snapshot's still means its state
                assertTrue(states.keySet().stream().allMatch(tx -> tx > snapshotTx), "new txids " + states.keySet());
                Path out = Files.createTempFile(tmp, "r-", ".db");
                new PointInTime(backups, db).materialize(snapshotTx, out);
                assertEquals(snapshotState, ContentHash.of(out));
            } finally {
                cp2.stop();
            }
        }
    }
}
