package dev.safesqlite.agent.apps;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * A short-lived program, as a test or a batch job is: opens the database through the URL given,
 * writes, closes, and exits at once; with {@code delete}, deletes the database right after use.
 * Its work directory is then checked for what was left beside the database. The same program as
 * dev.safesqlite.testing.ShortLivedApp, here so that the child JVM has nothing of SafeSQLite on its
 * class path but the agent.
 */
public final class ShortLivedJob {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        Path file = Path.of(args[1]);
        try (Connection c = DriverManager.getConnection(url + file); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, v TEXT)");
            st.execute("INSERT INTO t(v) VALUES ('one'), ('two')");
        }
        if (args.length > 2 && args[2].equals("delete")) {
            Files.delete(file);
        }
        System.out.println("done");
    }
}
