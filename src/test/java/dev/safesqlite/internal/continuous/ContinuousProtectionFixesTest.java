package dev.safesqlite.internal.continuous;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.internal.audit.Audit;
import dev.safesqlite.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What review of the continuous core found, each as a test that failed before its fix. */
class ContinuousProtectionFixesTest {

    @TempDir
    Path tmp;

    private ContinuousProtection started(Path db, Events events) throws Exception {
        ContinuousProtection cp = new ContinuousProtection(db, tmp.resolve("backups"),
                TestDatabases.settings("continuous", "on", "continuous.lag", "50ms"), new Audit(events));
        cp.start();
        return cp;
    }

    /**
     * A database still in rollback-journal mode: a read transaction held on it is a SHARED lock,
     * which would make every writer's commit fail with SQLITE_BUSY. Protection must wait for WAL.
     */
    @Test
    void aDatabaseNotInWalModeIsNotHeldAndItsWritersAreNotBlocked() throws Exception {
        Path db = tmp.resolve("journal.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t(x)");
        }
        ContinuousProtection cp = started(db, new Events());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout=0");
            Thread.sleep(300); // several capture rounds: the old code held the database by now
            for (int i = 0; i < 20; i++) {
                st.execute("INSERT INTO t VALUES (" + i + ")"); // SQLITE_BUSY before the fix
                Thread.sleep(10);
            }
            assertFalse(cp.ready(), "nothing is kept of a database in rollback-journal mode");
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("INSERT INTO t VALUES (99)"); // SQLite writes the WAL's files with the first transaction after it
            assertTrue(TestDatabases.eventually(cp::ready), "protection starts once the database is in WAL mode");
            st.execute("INSERT INTO t VALUES (100)");
            long txid = cp.keepNow();
            Path out = Files.createTempFile(tmp, "restored-", ".db");
            new PointInTime(tmp.resolve("backups"), db).materialize(txid, out);
            assertEquals(ContentHash.of(c), ContentHash.of(out));
        } finally {
            cp.stop();
        }
    }

    /**
     * A checkpoint that copied everything may move the hold to read from the database alone (so the
     * next writer restarts the WAL) only when every frame up to the WAL's end is kept: a commit
     * between the capture's read and the checkpoint was lost when the WAL restarted over it.
     */
    @Test
    void noCommitIsLostWhenTheWalRestarts() throws Exception {
        Path db = tmp.resolve("fast.db");
        Path backups = tmp.resolve("backups");
        int commits = 6000;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.executeQuery("PRAGMA journal_mode=WAL").close();
            st.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)");
            ContinuousProtection cp = started(db, new Events());
            try {
                assertTrue(TestDatabases.eventually(cp::ready));
                long base = cp.keepNow();
                for (int i = 0; i < commits; i++) {
                    st.execute("INSERT INTO t(v) VALUES (randomblob(300))");
                    if (i % 2 == 0) cp.signal(); // as a managed connection's commit hook does: a capture right after
                    if (i % 1000 == 999) Thread.sleep(100); // a pause: the checkpoint that lets the WAL restart
                }
                long last = cp.keepNow();
                assertEquals(base + commits, last, "every commit is one kept transaction");
                Path out = Files.createTempFile(tmp, "restored-", ".db");
                new PointInTime(backups, db).materialize(last, out);
                assertEquals(ContentHash.of(c), ContentHash.of(out));
            } finally {
                cp.stop();
            }
        }
    }

    /** The largest page size, 65536 (the WAL header holds it whole, the database header as 1): kept and restored exactly. */
    @Test
    void aDatabaseOf64KibPagesIsKeptAndRestoredExactly() throws Exception {
        Path db = tmp.resolve("big-pages.db");
        Path backups = tmp.resolve("backups");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("PRAGMA page_size=65536");
            st.executeQuery("PRAGMA journal_mode=WAL").close();
            RandomWorkload.schema(c);
            ContinuousProtection cp = started(db, new Events());
            try {
                assertTrue(TestDatabases.eventually(cp::ready));
                java.util.Random r = new java.util.Random(3);
                java.util.Map<Long, String> states = new java.util.TreeMap<>();
                states.put(cp.keepNow(), ContentHash.of(c));
                for (int i = 0; i < 40; i++) {
                    RandomWorkload.transaction(c, r);
                    states.put(cp.keepNow(), ContentHash.of(c));
                }
                try (Statement q = c.createStatement(); var rs = q.executeQuery("PRAGMA page_size")) {
                    rs.next();
                    assertEquals(65536, rs.getInt(1));
                }
                PointInTime pit = new PointInTime(backups, db);
                for (var e : states.entrySet()) {
                    Path out = Files.createTempFile(tmp, "restored-", ".db");
                    pit.materialize(e.getKey(), out);
                    assertEquals("ok", ContentHash.integrity(out));
                    assertEquals(e.getValue(), ContentHash.of(out), "tx" + e.getKey());
                    Files.delete(out);
                }
            } finally {
                cp.stop();
            }
        }
    }

    /** A managed writer makes a file per commit; compaction must keep up with any rate, not 16 files a second. */
    @Test
    void compactionMergesEveryFullRunAtOnce() throws Exception {
        Path db = tmp.resolve("many.db");
        Path backups = tmp.resolve("backups");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.executeQuery("PRAGMA journal_mode=WAL").close();
            st.execute("CREATE TABLE t(x)");
            ContinuousProtection cp = started(db, new Events());
            try {
                assertTrue(TestDatabases.eventually(cp::ready));
                for (int i = 0; i < 300; i++) {
                    st.execute("INSERT INTO t VALUES (" + i + ")");
                    cp.keepNow(); // one file per commit, as a managed connection's commits make
                }
                cp.compact();
                ChangeLog log = ChangeLog.of(backups, db);
                for (int level = 0; level < 2; level++) {
                    int l = level;
                    long files = log.files().stream().filter(n -> n.level() == l).count();
                    assertTrue(files < ContinuousProtection.MERGE, files + " files left at level " + level);
                }
                Path out = Files.createTempFile(tmp, "restored-", ".db");
                new PointInTime(backups, db).materialize(cp.lastTxid(), out);
                assertEquals(ContentHash.of(c), ContentHash.of(out));
            } finally {
                cp.stop();
            }
        }
    }

    /** SPEC 11: a damaged or missing change file is refused, naming the range it loses. */
    @Test
    void aDamagedOrDeletedChangeFileIsRefusedNamingTheRange() throws Exception {
        Path db = tmp.resolve("app.db");
        Path backups = tmp.resolve("backups");
        ContinuousProtection cp;
        long last;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("CREATE TABLE t(x)");
            cp = started(db, new Events());
            assertTrue(TestDatabases.eventually(cp::ready));
            for (int i = 0; i < 5; i++) {
                st.execute("INSERT INTO t VALUES (" + i + ")");
                cp.keepNow();
            }
            last = cp.lastTxid();
            cp.stop();
        }
        ChangeLog log = ChangeLog.of(backups, db);
        List<ChangeFile.Name> files = log.files();
        ChangeFile.Name victim = files.get(files.size() - 2);
        Path file = log.file(victim);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(file, bytes, StandardOpenOption.TRUNCATE_EXISTING);
        PointInTime pit = new PointInTime(backups, db);
        GapException damaged = assertThrows(GapException.class, () -> pit.materialize(last, Files.createTempFile(tmp, "r", ".db")));
        assertTrue(damaged.getMessage().contains(RestorePoint.position(victim.first())), damaged.getMessage());
        assertTrue(damaged.getMessage().contains("damaged"), damaged.getMessage());
        Files.delete(file);
        GapException missing = assertThrows(GapException.class, () -> pit.materialize(last, Files.createTempFile(tmp, "r", ".db")));
        assertTrue(missing.getMessage().contains(RestorePoint.position(victim.first()) + " to "
                + RestorePoint.position(victim.last())), missing.getMessage());
        // What lies before the lost range is still restorable.
        pit.materialize(victim.first() - 1, Files.createTempFile(tmp, "r", ".db"));
    }
}
