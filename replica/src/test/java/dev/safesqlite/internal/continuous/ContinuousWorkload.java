package dev.safesqlite.internal.continuous;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
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
        try (Statement st = c.createStatement()) {
            switch (r.nextInt(10)) {
                case 0, 1, 2 -> {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO a(v, n) VALUES (?, ?)")) {
                        for (int i = r.nextInt(20); i >= 0; i--) {
                            ps.setString(1, secret + r.nextInt(1000));
                            ps.setInt(2, r.nextInt(100));
                            ps.executeUpdate();
                        }
                    }
                }
                case 3 -> st.executeUpdate("UPDATE a SET n = n + 1 WHERE id % " + (2 + r.nextInt(7)) + " = 0");
                case 4 -> st.executeUpdate("DELETE FROM a WHERE n = " + r.nextInt(100));
                case 5 -> {
                    try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO b(k, blob) VALUES (?, ?)")) {
                        ps.setString(1, "k" + r.nextInt(30));
                        byte[] big = new byte[r.nextInt(3) == 0 ? 20_000 + r.nextInt(50_000) : r.nextInt(200)];
                        r.nextBytes(big);
                        ps.setBytes(2, big);
                        ps.executeUpdate();
                    }
                }
                case 6 -> st.executeUpdate("DELETE FROM b WHERE k < 'k" + r.nextInt(30) + "'");
                case 7 -> {
                    if (r.nextBoolean()) st.execute("CREATE TABLE IF NOT EXISTS c(x)");
                    else st.execute("DROP TABLE IF EXISTS c");
                }
                case 8 -> {
                    if (r.nextInt(8) == 0) st.executeUpdate("DELETE FROM a");
                    else st.executeUpdate("UPDATE a SET v = v || 'x' WHERE id < " + r.nextInt(400));
                }
                default -> st.execute("INSERT INTO a(v, n) " + series("'bulk'", r.nextInt(500)));
            }
        }
    }

    private static String series(String value, int n) {
        return "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < " + n + ") SELECT " + value
                + ", i FROM s";
    }
}
