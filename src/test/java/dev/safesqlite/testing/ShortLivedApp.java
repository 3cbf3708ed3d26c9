package dev.safesqlite.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * A short-lived program, as a test or a batch job is: opens the database through the URL given,
 * writes, closes, and exits at once; with {@code delete}, deletes the database right after use.
 * Its work directory is then checked for what was left beside the database.
 */
public final class ShortLivedApp {

    /**
     * A database from an earlier run of the program, of about 30 MB: it has a schema (and the
     * program's table, so the program runs no DDL), so the program's first open takes a startup
     * backup, which outlasts the program.
     */
    public static Path existingDatabase(Path db) throws Exception {
        Files.createDirectories(db.getParent());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
            st.execute("CREATE TABLE big(id INTEGER PRIMARY KEY, v BLOB)");
            st.execute("INSERT INTO big(v) SELECT randomblob(1000) FROM (WITH RECURSIVE n(i) AS "
                    + "(SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30000) SELECT i FROM n)");
        }
        return db;
    }

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
