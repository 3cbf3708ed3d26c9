package dev.safesqlite.internal.engine;

import static dev.safesqlite.testing.TestDatabases.ordersDatabase;
import static dev.safesqlite.testing.TestDatabases.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.internal.audit.AuditEvent;
import dev.safesqlite.internal.backup.StoredBackup;
import dev.safesqlite.internal.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.JDBC;

/**
 * The engine as a front drives it: real sqlite-jdbc connections, the test playing the front
 * (beforeExecute, then the statement).
 */
class ProtectedConnectionTest {

    @TempDir
    Path tmp;

    @org.junit.jupiter.api.AfterEach
    void finishBackgroundWork() throws InterruptedException {
        dev.safesqlite.testing.TestDatabases.drainBackgroundWork();
    }

    final List<AuditEvent> events = new CopyOnWriteArrayList<>();
    final java.util.Set<ProtectedDatabase> listened = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static final String[] QUIET = {"backup.on.startup", "false", "checkpoint.interval", "0"};

    private static String[] with(String... pairs) {
        String[] all = new String[QUIET.length + pairs.length];
        System.arraycopy(QUIET, 0, all, 0, QUIET.length);
        System.arraycopy(pairs, 0, all, QUIET.length, pairs.length);
        return all;
    }

    /** A connection as a front opens it. */
    private Fronted open(Path db, Settings s) throws SQLException {
        String url = "jdbc:sqlite:" + db;
        Connection raw = JDBC.createConnection(url, SqliteOpenProperties.of(url, new Properties(), s).properties());
        ProtectedConnection pc = ProtectedConnection.attach(raw, s);
        ProtectedDatabase pd = ProtectedDatabase.of(db, s);
        if (listened.add(pd)) pd.audit().addSink(events::add);
        return new Fronted(raw, pc);
    }

    record Fronted(Connection raw, ProtectedConnection pc) implements AutoCloseable {
        /** As a front runs SQL: the before-call, the statement, and the end of a covered one. */
        int run(String sql) throws SQLException {
            boolean covered = pc.beforeExecute(sql, true, null);
            try (Statement st = raw.createStatement()) {
                int n = st.executeUpdate(sql);
                if (covered) pc.coveredStatementFinished();
                return n;
            }
        }

        long count(String table) throws SQLException {
            try (Statement st = raw.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
                rs.next();
                return rs.getLong(1);
            }
        }

        @Override
        public void close() throws SQLException {
            pc.closed();
            raw.close();
        }
    }

    private List<StoredBackup> backups(Path db, Settings s) throws Exception {
        return ProtectedDatabase.of(db, s).backups();
    }

    private long countEvents(String name) {
        return events.stream().filter(e -> e.event().equals(name)).count();
    }

    @Test
    void aDropIsPrecededByAVerifiedBackupHoldingTheTable() throws Exception {
        Path db = ordersDatabase(tmp.resolve("app.db"), 250);
        Settings s = settings(QUIET);
        try (Fronted c = open(db, s)) {
            c.run("DROP TABLE orders");
        }
        List<StoredBackup> all = backups(db, s);
        assertEquals(1, all.size());
        StoredBackup b = all.get(0);
        assertEquals("pre-ddl", b.manifest().reason());
        assertEquals("DROP TABLE orders", b.manifest().trigger().sql());
        assertEquals(250L, b.manifest().tables().get("orders"));
        assertEquals("ok", b.manifest().verify());
        assertTrue(b.file().startsWith(tmp.resolve("backups")));
    }

    @Test
    void harmlessStatementsTakeNoBackup() throws Exception {
        Path db = ordersDatabase(tmp.resolve("app.db"), 20);
        Settings s = settings(QUIET);
        try (Fronted c = open(db, s)) {
            c.run("UPDATE orders SET qty = 1 WHERE id = 3");
            c.run("DELETE FROM orders WHERE id IN (1, 2)");
            c.run("CREATE TABLE IF NOT EXISTS orders(id INTEGER PRIMARY KEY)");
            c.run("INSERT INTO orders(item) VALUES ('DROP TABLE orders')");
            c.run("CREATE TEMP TABLE scratch(x)");
            c.run("DROP TABLE scratch");
        }
        assertEquals(List.of(), backups(db, s));
    }

    @Test
    void oneBackupCoversAMigrationOfTheSameConnectionUntilAnotherConnectionCommits() throws Exception {
        Path db = ordersDatabase(tmp.resolve("app.db"), 20);
        Settings s = settings(QUIET);
        try (Fronted c = open(db, s); Fronted other = open(db, s)) {
            c.run("CREATE TABLE a(x)");
            c.run("ALTER TABLE a ADD COLUMN y");
            c.run("DROP TABLE a");
            assertEquals(1, backups(db, s).size());
            assertEquals(2, countEvents("backup.reused"));

            other.raw().createStatement().executeUpdate("INSERT INTO orders(item) VALUES ('late order')");
            c.run("DELETE FROM orders");
            List<StoredBackup> all = backups(db, s);
            assertEquals(2, all.size(), "another connection committed: the old backup does not hold its row");
            assertEquals("pre-delete", all.get(0).manifest().reason());
            assertEquals(21L, all.get(0).manifest().tables().get("orders"));
        }
    }

    @Test
    void theConnectionsOwnInsertsBetweenDestructiveStatementsEndUpInABackup() throws Exception {
        Path db = ordersDatabase(tmp.resolve("app.db"), 20);
        Settings s = settings(QUIET);
        try (Fronted c = open(db, s)) {
            c.run("CREATE TABLE t(x)");
            c.run("CREATE TABLE gone(x)");
            for (int i = 0; i < 50; i++) c.run("INSERT INTO t VALUES (" + i + ")");
            c.run("DROP TABLE gone");
            c.run("DELETE FROM t");
        }
        List<StoredBackup> all = backups(db, s);
        assertEquals(2, all.size(), "the inserts are not covered by the first backup: the DROP takes a fresh one");
        assertEquals(50L, all.get(0).manifest().tables().get("t"));
        assertEquals(2, countEvents("backup.reused"), "CREATE gone reuses the first backup, the DELETE the DROP's");
    }

    @Test
    void aChangeOfUserVersionBetweenDestructiveStatementsIsNotLost() throws Exception {
        Path db = ordersDatabase(tmp.resolve("app.db"), 20);
        Settings s = settings(QUIET);
        try (Fronted c = open(db, s)) {
            c.run("CREATE TABLE a(x)");
            c.run("PRAGMA user_version = 7");
            c.run("DROP TABLE a");
        }
        assertEquals(2, backups(db, s).size(), "total_changes does not count PRAGMA user_version, the engine must");
    }

    @Test
    void aCoveredStatementThatNeverReportedItsEndIsNotReused() throws Exception {
        Path db = ordersDatabase(tmp.resolve("app.db"), 20);
        Settings s = settings(QUIET);
        try (Fronted c = open(db, s)) {
            assertTrue(c.pc().beforeExecute("CREATE TABLE a(x)", true, null));
            c.raw().createStatement().executeUpdate("CREATE TABLE a(x)"); // no coveredStatementFinished()
            c.run("DROP TABLE a");
        }
        assertEquals(2, backups(db, s).size());
    }

    @Test
    void rowsCommittedWithSqlInsideATransactionOpenAtTheBackupAreNotLost() throws Exception {
        Path db = ordersDatabase(tmp.resolve("app.db"), 20);
        Settings s = settings(QUIET);
        try (Fronted c = open(db, s)) {
            c.run("BEGIN");
            c.run("INSERT INTO orders(item) VALUES ('in tx')");
            c.run("CREATE TABLE a(x)"); // backup: the state before the transaction, without 'in tx'
            c.run("COMMIT");
            c.run("DROP TABLE a");
        }
        List<StoredBackup> all = backups(db, s);
        assertEquals(2, all.size(), "the backup taken inside the transaction lacks what it committed");
        assertEquals(21L, all.get(0).manifest().tables().get("orders"));
    }

    @Test
    void withoutCoalescingEveryDestructiveStatementTakesItsOwnBackup() throws Exception {
        Path db = ordersDatabase(tmp.resolve("app.db"), 20);
        Settings s = settings(with("coalesce", "0"));
        try (Fronted c = open(db, s)) {
            c.run("CREATE TABLE a(x)");
            c.run("DROP TABLE a");
        }
        assertEquals(2, backups(db, s).size());
    }

    @Test
    void insideATransactionTheBackupHoldsTheStateBeforeIt() throws Exception {
        Path db = ordersDatabase(tmp.resolve("app.db"), 1500);
        Settings s = settings(QUIET);
        try (Fronted c = open(db, s)) {
            c.raw().setAutoCommit(false);
            c.raw().createStatement().executeUpdate("INSERT INTO orders(item) VALUES ('in tx')");
            c.run("DELETE FROM orders WHERE id > 100");
            c.raw().commit();
            assertEquals(100, c.count("orders"));
        }
        StoredBackup b = backups(db, s).get(0);
        assertEquals("pre-delete", b.manifest().reason());
        assertEquals(1500L, b.manifest().tables().get("orders"));
    }

    @Test
    void blockRefusesTheStatementWithSS001AndTheDatabaseIsUnchanged() throws Exception {
        Path db = ordersDatabase(tmp.resolve("app.db"), 20);
        Path blocker = Files.writeString(tmp.resolve("not-a-dir"), "x");
        Settings s = settings(with("backup.dir", blocker.resolve("backups").toString()));
        try (Fronted c = open(db, s)) {
            SQLException e = assertThrows(SQLException.class, () -> c.run("DROP TABLE orders"));
            assertEquals("SS001", e.getSQLState());
            assertTrue(e.getMessage().contains(blocker.resolve("backups").toString()), e.getMessage());
            assertTrue(e.getMessage().contains("DROP TABLE orders"), e.getMessage());
            assertEquals(20, c.count("orders"));
        }
        assertEquals(1, countEvents("statement.blocked"));
    }

    @Test
    void proceedRunsTheStatementAndRecordsThatItWasUnprotected() throws Exception {
        Path db = ordersDatabase(tmp.resolve("app.db"), 20);
        Path blocker = Files.writeString(tmp.resolve("not-a-dir"), "x");
        Settings s = settings(with("backup.dir", blocker.resolve("backups").toString(), "on.failure", "proceed"));
        try (Fronted c = open(db, s)) {
            c.run("DELETE FROM orders");
            assertEquals(0, c.count("orders"));
        }
        assertEquals(1, countEvents("statement.unprotected"));
        AuditEvent e = events.stream().filter(x -> x.event().equals("statement.unprotected")).findFirst().orElseThrow();
        assertEquals("DELETE FROM orders", e.fields().get("sql"));
    }

    @Test
    void walIsForcedOnConnectAndItsAbsenceIsExplained() throws Exception {
        Path db = tmp.resolve("rollback.db");
        try (Connection c = JDBC.createConnection("jdbc:sqlite:" + db, new Properties())) {
            c.createStatement().execute("CREATE TABLE t(x)");
        }
        Settings s = settings(QUIET);
        try (Fronted c = open(db, s); ResultSet rs = c.raw().createStatement().executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertEquals("wal", rs.getString(1));
        }
        Settings off = settings(with("wal", "false", "backup.dir", tmp.resolve("b2").toString()));
        Path other = tmp.resolve("keep.db");
        try (Connection c = JDBC.createConnection("jdbc:sqlite:" + other, new Properties())) {
            c.createStatement().execute("CREATE TABLE t(x)");
        }
        try (Fronted c = open(other, off); ResultSet rs = c.raw().createStatement().executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertEquals("delete", rs.getString(1), "wal=false leaves the journal mode alone");
        }
    }

    @Test
    void aJournalModeAnotherConnectionSetIsSeenByTheNextOpen() throws Exception {
        // The journal mode is read with the main file in one statement (issue 17): it must still be
        // read afresh on every open, not remembered from the database's first connection.
        Path db = tmp.resolve("switched.db");
        try (Connection c = JDBC.createConnection("jdbc:sqlite:" + db, new Properties())) {
            c.createStatement().execute("CREATE TABLE t(x)");
        }
        Settings s = settings(QUIET);
        try (Fronted c = open(db, s)) {
            assertTrue(c.raw().isValid(1));
        }
        try (Connection c = JDBC.createConnection("jdbc:sqlite:" + db, new Properties());
             ResultSet rs = c.createStatement().executeQuery("PRAGMA journal_mode=DELETE")) {
            rs.next();
            assertEquals("delete", rs.getString(1), "no other connection is open: the mode can change back");
        }
        long enabledBefore = countEvents("wal.enabled");
        try (Fronted c = open(db, s); ResultSet rs = c.raw().createStatement().executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertEquals("wal", rs.getString(1), "the next open forces WAL again");
        }
        assertEquals(enabledBefore + 1, countEvents("wal.enabled"));
        assertEquals("delete", events.stream().filter(x -> x.event().equals("wal.enabled")).reduce((a, b) -> b)
                .orElseThrow().fields().get("previous"));
    }

    @Test
    void inMemoryDatabasesWorkUnprotected() throws Exception {
        Settings s = settings(QUIET);
        String url = "jdbc:sqlite::memory:";
        try (Connection raw = JDBC.createConnection(url, SqliteOpenProperties.of(url, new Properties(), s).properties())) {
            ProtectedConnection pc = ProtectedConnection.attach(raw, s);
            raw.createStatement().execute("CREATE TABLE t(x)");
            pc.beforeExecute("DROP TABLE t", true, null);
            raw.createStatement().execute("DROP TABLE t");
            try (ResultSet rs = raw.createStatement().executeQuery("SELECT count(*) FROM sqlite_schema")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "the DROP ran");
            }
        }
        assertTrue(ProtectedDatabase.all().stream().noneMatch(d -> d.file().toString().contains(":memory:")),
                "an in-memory database has no file to protect and registers none");
    }

    @Test
    void theBusyTimeoutIsAppliedUnlessTheApplicationSetOne() throws Exception {
        Settings s = settings(with("busy.timeout", "7s"));
        assertEquals("7000", SqliteOpenProperties.of("jdbc:sqlite:/x.db", new Properties(), s).properties().getProperty("busy_timeout"));
        assertEquals(null, SqliteOpenProperties.of("jdbc:sqlite:/x.db?busy_timeout=10", new Properties(), s).properties()
                .getProperty("busy_timeout"));
        Properties mine = new Properties();
        mine.setProperty("busy_timeout", "20");
        mine.setProperty("safesqlite.retain.last", "3");
        Properties out = SqliteOpenProperties.of("jdbc:sqlite:/x.db", mine, s).properties();
        assertEquals("20", out.getProperty("busy_timeout"));
        assertEquals(null, out.getProperty("safesqlite.retain.last"), "our keys never reach sqlite-jdbc");
    }

    @Test
    void eightThreadsOnEightConnectionsAreEachCoveredByTheirOwnBackup() throws Exception {
        Path db = ordersDatabase(tmp.resolve("app.db"), 10);
        Settings s = settings(with("retain.last", "1000"));
        int threads = 8;
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
        for (int i = 0; i < threads; i++) {
            int n = i;
            Thread t = new Thread(() -> {
                try (Fronted c = open(db, s)) {
                    c.raw().createStatement().executeUpdate("CREATE TABLE t" + n + "(v)");
                    c.raw().createStatement().executeUpdate("INSERT INTO t" + n + " VALUES (1), (2), (3)");
                    start.await();
                    c.run("DROP TABLE t" + n);
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            workers.add(t);
            t.start();
        }
        for (Thread t : workers) t.join(120_000);
        assertEquals(List.of(), failures);
        List<StoredBackup> all = backups(db, s);
        assertEquals(threads, all.size(), "one backup per connection's DROP: " + all);
        for (int i = 0; i < threads; i++) {
            String drop = "DROP TABLE t" + i;
            String table = "t" + i;
            assertTrue(all.stream().anyMatch(b -> b.manifest().trigger() != null
                    && drop.equals(b.manifest().trigger().sql()) && Long.valueOf(3).equals(b.manifest().tables().get(table))),
                    "a backup taken before '" + drop + "' holds its table");
        }
        assertNotEquals(0, all.size());
    }
}
