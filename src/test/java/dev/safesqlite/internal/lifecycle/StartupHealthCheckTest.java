package dev.safesqlite.internal.lifecycle;

import static dev.safesqlite.testing.TestDatabases.ordersDatabase;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.safesqlite.internal.audit.Audit;
import dev.safesqlite.internal.backup.LiveConnection;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The startup check on real files: only SQLite's verdict on the content is damage, and its
 * connection leaves nothing beside the database that the application's own use would not.
 */
class StartupHealthCheckTest {

    @TempDir
    Path tmp;

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Audit audit = new Audit(e -> events.add(e.event()));

    @Test
    void aDatabaseDeletedBeforeTheCheckIsNoFinding() {
        Path gone = tmp.resolve("deleted-after-use.db");
        assertEquals(StartupHealthCheck.Outcome.NOT_CHECKED, StartupHealthCheck.run(gone, List.of(), audit));
        assertEquals(List.of(), events, "no verify.failed for a file the application deleted");
        assertEquals(List.of(), names(tmp), "and the check did not create it");
    }

    @Test
    void aDamagedDatabaseIsStillVerifyFailed() throws Exception {
        Path db = ordersDatabase(tmp.resolve("app.db"), 3000);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
            f.seek(4096L * 3 + 8);
            f.write(new byte[2000]);
        }
        assertEquals(StartupHealthCheck.Outcome.DAMAGED, StartupHealthCheck.run(db, List.of(), audit));
        assertEquals(List.of("verify.failed"), events);
    }

    @Test
    void aSoundDatabaseIsVerifyOk() throws Exception {
        Path db = ordersDatabase(tmp.resolve("app.db"), 10);
        assertEquals(StartupHealthCheck.Outcome.SOUND, StartupHealthCheck.run(db, List.of(), audit));
        assertEquals(List.of("verify.ok"), events);
        assertEquals(List.of("app.db"), names(tmp), "nothing left beside it: the check's connection closed last");
    }

    @Test
    void safeSqlitesConnectionClosingAfterTheApplicationsLeavesNoWalNorShm() throws Exception {
        Path db = ordersDatabase(tmp.resolve("app.db"), 10);
        Connection app = DriverManager.getConnection("jdbc:sqlite:" + db);
        write(app);
        try (LiveConnection ours = LiveConnection.open(db, 0)) {
            read(ours);
            app.close(); // the application's close is not the last one
        }
        assertEquals(List.of("app.db"), names(tmp));
    }

    @Test
    void aDatabaseDeletedWhileSafeSqliteHadItOpenLeavesNoWalNorShm() throws Exception {
        Path db = ordersDatabase(tmp.resolve("app.db"), 10);
        Connection app = DriverManager.getConnection("jdbc:sqlite:" + db);
        write(app);
        try (LiveConnection ours = LiveConnection.open(db, 0)) {
            read(ours);
            app.close();
            Files.delete(db); // the application deletes its database right after use
        }
        assertEquals(List.of(), names(tmp), "as the application's own close and delete would have left it");
    }

    private static void write(Connection c) throws Exception {
        try (Statement st = c.createStatement()) {
            st.execute("INSERT INTO orders(item, qty) VALUES ('x', 1)");
        }
    }

    private static void read(LiveConnection c) throws Exception {
        try (Statement st = c.connection().createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM orders")) {
            rs.next();
        }
    }

    private static List<String> names(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
