package dev.safesqlite.testing;

import dev.safesqlite.internal.config.Settings;
import dev.safesqlite.internal.config.SettingsResolver;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Real SQLite files for tests, and settings without the machine's environment. */
public final class TestDatabases {

    private TestDatabases() {
    }

    /** A WAL database with a table {@code orders} of {@code rows} rows. */
    public static Path ordersDatabase(Path file, int rows) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("CREATE TABLE IF NOT EXISTS orders(id INTEGER PRIMARY KEY, item TEXT, qty INTEGER)");
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO orders(item, qty) VALUES (?, ?)")) {
                for (int i = 0; i < rows; i++) {
                    ps.setString(1, "item " + i);
                    ps.setInt(2, i % 10);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
        return file;
    }

    /** Settings from the given {@code name=value} pairs (short names), ignoring the environment. */
    public static Settings settings(String... pairs) throws Exception {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put("safesqlite." + pairs[i], pairs[i + 1]);
        return SettingsResolver.builder().environment(Map.of()).urlParameters(m).resolve();
    }

    /** Waits for background work, up to 20 s; this bounds a wait, it asserts nothing about speed. */
    public static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            if (condition.getAsBoolean()) return true;
            Thread.sleep(25);
        }
        return condition.getAsBoolean();
    }

    /**
     * Waits until SafeSQLite's background thread has run everything submitted so far (it runs
     * tasks in order), so that a test's temporary directory is not deleted under a startup
     * health check or backup.
     */
    public static void drainBackgroundWork() throws InterruptedException {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        dev.safesqlite.internal.lifecycle.BackgroundWork.submit("test marker", done::countDown);
        if (!done.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new AssertionError("SafeSQLite background work did not finish within 60 s");
        }
    }
}
