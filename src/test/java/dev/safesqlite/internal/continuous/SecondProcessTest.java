package dev.safesqlite.internal.continuous;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.internal.audit.Audit;
import dev.safesqlite.internal.audit.AuditEvent;
import dev.safesqlite.testing.ChildJvm;
import dev.safesqlite.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC 11 with a second process: its writes (not managed by SafeSQLite) are kept one transaction
 * at a time by the JVM that keeps the log; and a kill -9 of the JVM that keeps the log loses no
 * kept transaction: the next start resumes without a gap, or names the range it could not keep.
 * Longer runs: {@code -Dpit.commits=N -Dpit.seed=S}.
 */
class SecondProcessTest {

    @TempDir
    Path tmp;

    private final long seed = Long.getLong("pit.seed", 7);
    private final int commits = Integer.getInteger("pit.commits", 60);

    private Path database() throws Exception {
        Path db = tmp.resolve("app.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.executeQuery("PRAGMA journal_mode=WAL").close();
            RandomWorkload.schema(c);
            st.execute("INSERT INTO a(v, n) " + RandomWorkload.series("'seed'", 300));
        }
        return db;
    }

    private ContinuousProtection keep(Path db, Events events) throws Exception {
        ContinuousProtection cp = new ContinuousProtection(db, tmp.resolve("backups"),
                TestDatabases.settings("continuous", "on", "continuous.lag", "100ms"), new Audit(events));
        cp.start();
        assertTrue(TestDatabases.eventually(cp::ready), "continuous protection did not start");
        return cp;
    }

    @Test
    void anotherProcessesCommitsAreKeptOneByOne() throws Exception {
        Path db = database();
        ContinuousProtection cp = keep(db, new Events());
        try {
            long base = cp.keepNow();
            Path records = tmp.resolve("child.records");
            Files.createFile(records);
            ChildJvm child = ChildJvm.start(tmp, "writer", ChildJvm.testClassPath(), List.of(), ContinuousChild.class,
                    "write", db.toString(), records.toString(), String.valueOf(commits), String.valueOf(seed));
            // While it writes, note when each transaction was kept: the lag is reported, not asserted.
            long maxLag = 0;
            long seen = base;
            while (child.isAlive()) {
                long now = cp.lastTxid();
                if (now > seen) {
                    List<String> lines = Files.readAllLines(records);
                    for (long t = seen + 1; t <= now && t - base <= lines.size(); t++) {
                        long committed = Long.parseLong(lines.get((int) (t - base - 1)).split(" ")[0]);
                        maxLag = Math.max(maxLag, System.currentTimeMillis() - committed);
                    }
                    seen = now;
                }
                Thread.sleep(5);
            }
            assertEquals(0, child.waitFor(Duration.ofMinutes(2)), child.stderr());
            List<String> lines = Files.readAllLines(records);
            assertEquals(commits, lines.size());
            // A commit that changed nothing writes no frame and is no transaction of its own: its
            // state is the one before it. Every other commit is one kept transaction, in order.
            TestDatabases.eventually(() -> cp.lastTxid() >= base + distinctRuns(lines));
            System.out.println("second process: " + commits + " commits, kept at most " + maxLag
                    + " ms after their commit (continuous.lag=100ms; the time includes reading the records file)");
            PointInTime pit = new PointInTime(tmp.resolve("backups"), db);
            long txid = base;
            String previous = null;
            for (String line : lines) {
                String hash = line.split(" ")[1];
                // An equal state is the same transaction, unless the commit wrote pages that left the content as it was.
                if (!hash.equals(previous) || (txid < cp.lastTxid() && hash.equals(hashAt(pit, txid + 1)))) txid++;
                assertRestores(pit, txid, hash);
                previous = hash;
            }
            assertEquals(cp.lastTxid(), txid, "each of the other process's commits is one kept transaction");
        } finally {
            cp.stop();
        }
    }

    @Test
    void aKillOfTheKeepingJvmResumesWithoutAGapAndAnUnkeptWriteIsNamed() throws Exception {
        Path db = database();
        Path backups = tmp.resolve("backups");
        Path records = tmp.resolve("kept.records");
        Files.createFile(records);
        ChildJvm child = ChildJvm.start(tmp, "keeper", ChildJvm.testClassPath(), List.of(), ContinuousChild.class,
                "keep", db.toString(), backups.toString(), records.toString(), String.valueOf(seed));
        assertTrue(TestDatabases.eventually(() -> lineCount(records) >= commits || !child.isAlive()), child.stderr());
        child.kill(); // mid-stream: no shutdown hook runs, the WAL stays
        assertTrue(child.stdout().contains("ready"), child.stdout() + child.stderr());
        assertTrue(Files.exists(db.resolveSibling("app.db-wal")), "the killed JVM left its WAL");
        Map<Long, String> kept = records(records);
        assertTrue(kept.size() >= commits / 2, "recorded " + kept.size()); // a commit that changed nothing has no txid of its own

        // 1. The next start continues the chain from the WAL: no gap, every recorded state restorable.
        Events events = new Events();
        ContinuousProtection cp = keep(db, events);
        long afterKill;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            assertEquals(List.of(true), started(events), "resumed from the WAL");
            assertEquals(List.of(), events.named("continuous.gap"));
            afterKill = cp.keepNow();
            assertTrue(afterKill >= ((TreeMap<Long, String>) kept).lastKey());
            kept.put(afterKill, ContentHash.of(c)); // what the child committed after its last record too
        }
        PointInTime pit = new PointInTime(backups, db);
        for (var e : kept.entrySet()) assertRestores(pit, e.getKey(), e.getValue());

        // 2. A clean stop folds the WAL into the database; with nothing written meanwhile, no gap.
        cp.stop();
        assertTrue(Files.notExists(db.resolveSibling("app.db-wal")), "the WAL was folded in and removed at the clean stop");
        events = new Events();
        cp = keep(db, events);
        assertEquals(List.of(false), started(events), "a new base, compared with the last kept state");
        assertEquals(List.of(), events.named("continuous.gap"), "nothing was written while no one kept frames");
        assertEquals(afterKill, cp.lastTxid());
        cp.stop();

        // 3. Another process writes while nobody keeps frames: the next start names the range.
        String written;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            for (int i = 0; i < 3; i++) RandomWorkload.transaction(c, new java.util.Random(seed + i));
            written = ContentHash.of(c);
        }
        events = new Events();
        cp = keep(db, events);
        try {
            List<AuditEvent> gaps = events.named("continuous.gap");
            assertEquals(1, gaps.size(), events.all.toString());
            assertEquals(RestorePoint.position(afterKill), gaps.get(0).fields().get("after"));
            assertEquals(RestorePoint.position(afterKill + 1), gaps.get(0).fields().get("kept"));
            assertRestores(pit, afterKill + 1, written);
            for (var e : kept.entrySet()) assertRestores(pit, e.getKey(), e.getValue());
        } finally {
            cp.stop();
        }
    }

    private String hashAt(PointInTime pit, long txid) throws Exception {
        Path out = Files.createTempFile(tmp, "peek-", ".db");
        pit.materialize(txid, out);
        String h = ContentHash.of(out);
        Files.delete(out);
        return h;
    }

    private static int distinctRuns(List<String> lines) {
        int n = 0;
        String previous = null;
        for (String line : lines) {
            String hash = line.split(" ")[1];
            if (!hash.equals(previous)) n++;
            previous = hash;
        }
        return n;
    }

    private static List<Object> started(Events events) {
        List<Object> r = new ArrayList<>();
        for (AuditEvent e : events.named("continuous.started")) r.add(e.fields().get("resumed"));
        return r;
    }

    private static int lineCount(Path f) {
        try {
            return Files.readAllLines(f).size();
        } catch (Exception e) {
            return 0;
        }
    }

    /** The complete lines {@code <txid> <hash>} (the last one may have been cut by the kill). */
    private static Map<Long, String> records(Path f) throws Exception {
        Map<Long, String> m = new TreeMap<>();
        for (String line : Files.readAllLines(f)) {
            String[] p = line.split(" ");
            if (p.length == 2 && p[1].length() == 64) m.put(Long.parseLong(p[0]), p[1]);
        }
        return m;
    }

    private void assertRestores(PointInTime pit, long txid, String hash) throws Exception {
        Path out = Files.createTempFile(tmp, "restored-", ".db");
        pit.materialize(txid, out);
        assertEquals("ok", ContentHash.integrity(out), "tx" + txid);
        assertEquals(hash, ContentHash.of(out), "content of tx" + txid + " (seed " + seed + ")");
        Files.delete(out);
    }
}
