package dev.safesqlite.internal.continuous;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Random;

/**
 * For the replica module's tests of continuous protection: the core's {@link ContentHash} (the
 * content of a database as one hash) and a random transaction of inserts, updates, deletes,
 * large values, DDL and bulk deletes.
 */
public final class ContinuousWorkload {

    private ContinuousWorkload() {
    }

    public static String contentOf(Connection c) throws Exception {
        return ContentHash.of(c);
    }

    public static String contentOf(Path file) throws Exception {
        return ContentHash.of(file);
    }

    public static String integrity(Path file) throws Exception {
        return ContentHash.integrity(file);
    }

    public static void schema(Connection c) throws Exception {
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("CREATE TABLE a(id INTEGER PRIMARY KEY, v TEXT, n INTEGER)");
            st.execute("CREATE TABLE b(k TEXT PRIMARY KEY, blob BLOB)");
            st.execute("INSERT INTO a(v, n) " + series("'seed'", 300));
        }
    }

    /** One committed transaction of 1 to 5 random statements. */
    public static void transaction(Connection c, Random r, String secret) throws Exception {
        c.setAutoCommit(false);
        for (int s = 1 + r.nextInt(5); s > 0; s--) step(c, r, secret);
        c.commit();
        c.setAutoCommit(true);
    }

    private static void step(Connection c, Random r, String secret) throws Exception {
        RandomWorkload.step(c, r, secret);
    }

    private static String series(String value, int n) {
        return RandomWorkload.series(value, n);
    }
}
