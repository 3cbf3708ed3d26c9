package dev.safesqlite.internal.continuous;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.internal.audit.Audit;
import dev.safesqlite.internal.audit.Slf4jAuditSink;
import dev.safesqlite.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC 11 as it reads: a random workload records the content of the database after every commit;
 * restoring to any kept transaction must give that content exactly, and pass integrity_check.
 */
class PointInTimeRandomTest {

    @TempDir
    Path tmp;

    @Test
    void everyCommittedStateIsRestoredExactly() throws Exception {
        long seed = Long.getLong("pit.seed", 42);
        int commits = Integer.getInteger("pit.commits", 150);
        Path db = tmp.resolve("app.db");
        Path backups = tmp.resolve("backups");
        Random r = new Random(seed);
        Map<Long, String> states = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("CREATE TABLE a(id INTEGER PRIMARY KEY, v TEXT, n INTEGER)");
                st.execute("CREATE TABLE b(k TEXT PRIMARY KEY, blob BLOB)");
                st.execute("INSERT INTO a(v, n) " + RandomWorkload.series("'seed'", 300));
            }
            ContinuousProtection cp = new ContinuousProtection(db, backups,
                    TestDatabases.settings("continuous", "on", "continuous.lag", "50ms"), new Audit(new Slf4jAuditSink()));
            cp.start();
            assertTrue(TestDatabases.eventually(cp::ready), "continuous protection did not start");
            states.put(cp.keepNow(), ContentHash.of(c));
            for (int i = 0; i < commits; i++) {
                c.setAutoCommit(false);
                int statements = 1 + r.nextInt(5);
                for (int s = 0; s < statements; s++) RandomWorkload.step(c, r);
                c.commit();
                c.setAutoCommit(true);
                long txid = cp.keepNow();
                states.put(txid, ContentHash.of(c));
                if (i == commits / 2) cp.snapshotNow();
            }
            cp.stop();
        }
        PointInTime pit = new PointInTime(backups, db);
        List<Long> txids = new ArrayList<>(states.keySet());
        for (int i = 0; i < 40; i++) {
            long txid = txids.get(r.nextInt(txids.size()));
            Path out = Files.createTempFile(tmp, "restored-", ".db");
            pit.materialize(txid, out);
            assertEquals("ok", ContentHash.integrity(out), "tx" + txid);
            assertEquals(states.get(txid), ContentHash.of(out), "content of tx" + txid + " (seed " + seed + ")");
            Files.delete(out);
        }
    }
}
