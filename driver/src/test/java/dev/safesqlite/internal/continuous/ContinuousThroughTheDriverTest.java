package dev.safesqlite.internal.continuous;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.internal.engine.ProtectedDatabase;
import dev.safesqlite.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC 11 through the real driver ({@code jdbc:safesqlite:...?safesqlite.continuous=on}): every
 * committed state of a random workload restores exactly, destructive statements are protected by
 * restore points (not full copies) that restore the state right before them, and a steady writer
 * never meets SQLITE_BUSY while the engine captures, checkpoints, snapshots and compacts.
 * Longer runs: {@code -Dpit.commits=N -Dpit.seed=S}.
 */
class ContinuousThroughTheDriverTest {

    @TempDir
    Path tmp;

    private final long seed = Long.getLong("pit.seed", 11);
    private final int commits = Integer.getInteger("pit.commits", 120);

    private String url(Path db, String... extra) {
        StringBuilder u = new StringBuilder("jdbc:safesqlite:" + db + "?safesqlite.backup.dir=" + tmp.resolve("backups")
                + "&safesqlite.backup.on.startup=false&safesqlite.coalesce=0&safesqlite.continuous=on"
                + "&safesqlite.continuous.lag=100ms");
        for (String e : extra) u.append('&').append(e);
        return u.toString();
    }

    private static ContinuousProtection continuousOf(Path db) throws InterruptedException {
        Path file = db.toAbsolutePath().normalize();
        AtomicReference<ContinuousProtection> found = new AtomicReference<>();
        assertTrue(TestDatabases.eventually(() -> {
            for (ProtectedDatabase d : ProtectedDatabase.all()) {
                if (d.file().toAbsolutePath().normalize().equals(file) && d.continuous() != null && d.continuous().ready()) {
                    found.set(d.continuous());
                    return true;
                }
            }
            return false;
        }), "continuous protection of " + db + " did not start");
        return found.get();
    }

    @Test
    void everyCommitAndEveryRestorePointRestoresExactly() throws Exception {
        Path db = tmp.resolve("app.db");
        Path backups = tmp.resolve("backups");
        Random r = new Random(seed);
        Map<Long, String> states = new TreeMap<>();
        Map<Long, String> beforeDestructive = new TreeMap<>();
        ContinuousProtection cp;
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = raw.createStatement()) {
            RandomWorkload.schema(raw); // an existing database: its first destructive statement comes once protection runs
            st.execute("INSERT INTO a(v, n) " + RandomWorkload.series("'seed'", 300));
        }
        try (Connection c = DriverManager.getConnection(url(db))) {
            cp = continuousOf(db);
            ChangeLog log = ChangeLog.of(backups, db);
            long txid = cp.keepNow();
            states.put(txid, ContentHash.of(c));
            for (int i = 0; i < commits; i++) {
                RandomWorkload.transaction(c, r);
                txid = cp.keepNow();
                states.put(txid, ContentHash.of(c));
                if (i % 10 == 5) {
                    // A destructive statement on its own (autocommit): a restore point at the commit before it.
                    String sql = switch ((i / 10) % 3) {
                        case 0 -> "DELETE FROM a";
                        case 1 -> "UPDATE a SET n = 0";
                        default -> "DROP TABLE IF EXISTS b";
                    };
                    int pointsBefore = log.points().size();
                    try (Statement st = c.createStatement()) {
                        st.execute(sql);
                    }
                    List<ChangeLog.StoredPoint> points = log.points();
                    assertEquals(pointsBefore + 1, points.size(), "a restore point protects " + sql);
                    assertEquals(txid, points.get(0).point().txid(), "the point of " + sql + " is the commit before it");
                    assertEquals(sql, points.get(0).point().sql());
                    beforeDestructive.put(txid, states.get(txid));
                    RandomWorkload.schema(c); // b again, if it was dropped
                    txid = cp.keepNow();
                    states.put(txid, ContentHash.of(c));
                }
                if (i == commits / 2) cp.snapshotNow();
            }
        }
        assertEquals(List.of(), preOperationBackups(backups), "restore points, no full pre-operation copies");
        String audit = Files.readString(backups.resolve("audit.log"));
        // The workload's own DDL inside transactions (CREATE and DROP TABLE c) takes points too.
        assertTrue(audit.lines().filter(l -> l.contains("\"point.created\"")).count() >= beforeDestructive.size(), audit);

        PointInTime pit = new PointInTime(backups, db);
        for (var e : beforeDestructive.entrySet()) assertRestores(pit, e.getKey(), e.getValue());
        List<Long> txids = new ArrayList<>(states.keySet());
        for (int i = 0; i < 30; i++) {
            long t = txids.get(r.nextInt(txids.size()));
            assertRestores(pit, t, states.get(t));
        }
        cp.stop();
    }

    /**
     * SPEC 11: no SQLITE_BUSY of ours. A writer with the busy_timeout an application sets, and one
     * with none at all, commit steadily while the engine keeps every commit, checkpoints,
     * snapshots and compacts; after each pause the WAL has been restarted, so it stays bounded.
     */
    @Test
    void aSteadyWriterNeverMeetsBusyAndTheWalStaysBounded() throws Exception {
        for (int busyTimeout : new int[] {5000, 0}) {
            Path db = tmp.resolve("steady-" + busyTimeout + ".db");
            ContinuousProtection cp;
            List<Long> walAfterPause = new ArrayList<>();
            long walBytesWritten = 0;
            try (Connection c = DriverManager.getConnection(url(db))) {
                try (Statement st = c.createStatement()) {
                    st.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)");
                }
                cp = continuousOf(db);
                // From here on, the steady state. (At the very first open, the engine's connections can
                // meet SQLite's WAL recovery at the same moment as the application's first statement,
                // which busy_timeout=0 would turn into SQLITE_BUSY_RECOVERY: see README's limits.)
                try (Statement st = c.createStatement()) {
                    st.execute("PRAGMA busy_timeout=" + busyTimeout);
                }
                ContinuousProtection keeping = cp;
                AtomicReference<Exception> engineFailure = new AtomicReference<>();
                java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
                Thread snapshots = new Thread(() -> {
                    try {
                        while (writing.get()) { // not an interrupt: it would close the files being written
                            keeping.snapshotNow();
                            keeping.compact();
                            Thread.sleep(50);
                        }
                    } catch (InterruptedException done) {
                        // the writer is done
                    } catch (Exception e) {
                        engineFailure.set(e);
                    }
                });
                snapshots.start();
                try {
                    Random r = new Random(seed);
                    for (int burst = 0; burst < 8; burst++) {
                        for (int i = 0; i < 150; i++) {
                            // Each commit ~10 pages: 1,500 frames a burst, more than one checkpoint's worth.
                            try (Statement st = c.createStatement()) {
                                st.execute("INSERT INTO t(v) VALUES (randomblob(" + (20_000 + r.nextInt(20_000)) + "))");
                                if (i % 3 == 0) st.execute("DELETE FROM t WHERE id % 7 = " + r.nextInt(7));
                            } catch (SQLException e) {
                                throw new AssertionError("the writer (busy_timeout=" + busyTimeout + ") failed: " + e, e);
                            }
                            walBytesWritten += 10 * 4096;
                        }
                        Thread.sleep(400); // a pause: the engine keeps, checkpoints, and the next write restarts the WAL
                        try (Statement st = c.createStatement()) {
                            st.execute("INSERT INTO t(v) VALUES (1)");
                        }
                        Thread.sleep(200);
                        walAfterPause.add(Files.size(db.resolveSibling(db.getFileName() + "-wal")));
                    }
                } finally {
                    writing.set(false);
                    snapshots.join();
                }
                if (engineFailure.get() != null) throw engineFailure.get();
                long last = cp.keepNow();
                Path out = Files.createTempFile(tmp, "restored-", ".db");
                new PointInTime(tmp.resolve("backups"), db).materialize(last, out);
                assertEquals(ContentHash.of(c), ContentHash.of(out));
            }
            cp.stop();
            // Generous: a burst writes ~6 MB of frames; without restarts the WAL would hold all of them (~50 MB).
            long bound = 16L << 20;
            assertTrue(walAfterPause.stream().allMatch(s -> s < bound),
                    "the -wal after each pause (bytes): " + walAfterPause + ", ~" + walBytesWritten + " bytes of frames written");
        }
    }

    private static List<String> preOperationBackups(Path backups) throws Exception {
        try (Stream<Path> s = Files.list(backups)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.contains("pre-")).toList();
        }
    }

    private void assertRestores(PointInTime pit, long txid, String hash) throws Exception {
        Path out = Files.createTempFile(tmp, "restored-", ".db");
        pit.materialize(txid, out);
        assertEquals("ok", ContentHash.integrity(out), "tx" + txid);
        assertEquals(hash, ContentHash.of(out), "content of tx" + txid + " (seed " + seed + ")");
        Files.delete(out);
    }
}
