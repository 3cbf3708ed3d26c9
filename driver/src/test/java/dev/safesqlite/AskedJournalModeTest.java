package dev.safesqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC 3, {@code wal}: an application that asks for another journal mode still gets WAL, and is
 * told so: one WARN per database naming {@code safesqlite.wal=false}, and the mode it asked for in
 * the {@code wal.enabled} audit event (issue 11, point 4).
 */
@ExtendWith(AwaitBackgroundWork.class)
class AskedJournalModeTest {

    @TempDir
    Path dir;

    @Test
    void aJournalModeInTheUrlIsOverriddenWithOneWarningPerDatabase() throws Exception {
        TestDatabase db = TestDatabase.withOrders(dir, 3);
        String output;
        try (StderrCapture err = new StderrCapture()) {
            for (int i = 0; i < 3; i++) {
                try (Connection c = DriverManager.getConnection(db.url("journal_mode=TRUNCATE"))) {
                    assertEquals("wal", journalMode(c));
                }
            }
            output = err.text();
        }
        assertEquals(1, warnings(output), output);
        assertTrue(output.contains("journal_mode=truncate") && output.contains("safesqlite.wal=false")
                && output.contains(db.file().toString()), output);
        // The asked mode never reaches sqlite-jdbc: the file, in WAL already, never left it (each
        // connection used to switch it to TRUNCATE while opening, and back).
        Path audit = db.backupDir().resolve("audit.log");
        assertTrue(!Files.exists(audit) || !Files.readString(audit).contains("\"event\":\"wal.enabled\""),
                () -> read(audit));
    }

    /** A file not in WAL yet is switched once, and the event says what the application asked for. */
    @Test
    void theEventOfTheSwitchToWalNamesTheAskedMode() throws Exception {
        Path file = dir.resolve("app.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE orders(id INTEGER PRIMARY KEY)");
        }
        TestDatabase db = new TestDatabase(file, dir.resolve("backups"));
        try (StderrCapture err = new StderrCapture();
             Connection c = DriverManager.getConnection(db.url("journal_mode=TRUNCATE"))) {
            assertEquals("wal", journalMode(c));
        }
        String audit = Files.readString(db.backupDir().resolve("audit.log"));
        assertTrue(audit.contains("\"event\":\"wal.enabled\"") && audit.contains("\"previous\":\"delete\"")
                && audit.contains("journal_mode=truncate"), audit);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "(no audit file)";
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    @Test
    void aJournalModeInTheConnectionPropertiesIsOverriddenWithAWarning() throws Exception {
        TestDatabase db = TestDatabase.withOrders(dir, 3);
        Properties properties = new Properties();
        properties.setProperty("journal_mode", "PERSIST");
        String output;
        try (StderrCapture err = new StderrCapture();
             Connection c = DriverManager.getConnection(db.url(), properties)) {
            assertEquals("wal", journalMode(c));
            output = err.text();
        }
        assertEquals(1, warnings(output), output);
        assertTrue(output.contains("journal_mode=persist"), output);
    }

    /**
     * A pool's connections all ask for the mode in the URL. sqlite-jdbc set it while opening, and
     * leaving WAL needs the file to itself: with the first connection open (switched to WAL), the
     * second failed to open with SQLITE_BUSY. The asked mode is now taken out before sqlite-jdbc
     * sees it.
     */
    @Test
    void aSecondConnectionAskingForAnotherModeOpensWhileTheFirstIsOpen() throws Exception {
        TestDatabase db = TestDatabase.withOrders(dir, 3);
        Properties properties = new Properties();
        properties.setProperty("journal_mode", "DELETE");
        try (StderrCapture err = new StderrCapture();
             Connection first = DriverManager.getConnection(db.url("journal_mode=TRUNCATE"));
             Connection second = DriverManager.getConnection(db.url("journal_mode=TRUNCATE"));
             Connection third = DriverManager.getConnection(db.url(), properties)) {
            assertEquals("wal", journalMode(first));
            assertEquals("wal", journalMode(second));
            assertEquals("wal", journalMode(third));
            assertEquals(1, warnings(err.text()), err.text());
        }
    }

    @Test
    void withWalOffTheAskedModeIsKeptWithoutAWord() throws Exception {
        // a file that was never in WAL (WAL is persistent), made without SafeSQLite
        Path file = dir.resolve("app.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE orders(id INTEGER PRIMARY KEY)");
        }
        TestDatabase db = new TestDatabase(file, dir.resolve("backups"));
        String output;
        try (StderrCapture err = new StderrCapture();
             Connection c = DriverManager.getConnection(db.url("journal_mode=TRUNCATE", "safesqlite.wal=false"))) {
            assertEquals("truncate", journalMode(c));
            output = err.text();
        }
        assertEquals(0, warnings(output), output);
    }

    private static long warnings(String output) {
        return output.lines().filter(l -> l.contains("WARN") && l.contains("journal_mode=")).count();
    }

    private static String journalMode(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
            return rs.getString(1);
        }
    }

    /** What slf4j-simple (the tests' binding, which writes to the System.err of each call) printed. */
    static final class StderrCapture implements AutoCloseable {
        private final PrintStream original = System.err;
        private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

        StderrCapture() {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        }

        String text() {
            return captured.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            System.setErr(original);
        }
    }
}
