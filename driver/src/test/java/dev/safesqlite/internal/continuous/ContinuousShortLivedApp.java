package dev.safesqlite.internal.continuous;

import dev.safesqlite.internal.engine.ProtectedDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * A short-lived program with {@code continuous=on}: writes, (with {@code wait}) lets continuous
 * protection take over the log and keep a destructive statement's restore point, closes and exits.
 */
public final class ContinuousShortLivedApp {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String url = "jdbc:safesqlite:" + file + "?safesqlite.continuous=on&safesqlite.continuous.lag=50ms";
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, v TEXT)");
            st.execute("INSERT INTO t(v) VALUES ('one'), ('two')");
            if (args.length > 1 && args[1].equals("wait")) {
                long deadline = System.currentTimeMillis() + 20_000;
                while (!ready(file) && System.currentTimeMillis() < deadline) Thread.sleep(10);
                if (!ready(file)) throw new AssertionError("continuous protection did not start");
                st.execute("INSERT INTO t(v) VALUES ('three')");
                st.execute("DELETE FROM t"); // a restore point
            }
        }
        System.out.println("done");
    }

    private static boolean ready(Path file) {
        return ProtectedDatabase.all().stream()
                .anyMatch(d -> d.continuous() != null && d.continuous().ready()
                        && d.file().toAbsolutePath().normalize().equals(file.toAbsolutePath().normalize()));
    }
}
