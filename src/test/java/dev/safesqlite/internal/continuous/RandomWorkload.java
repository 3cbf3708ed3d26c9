package dev.safesqlite.internal.continuous;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Random;

/**
 * The random workload of SPEC 11's proofs: inserts, updates, deletes, large values (overflow
 * pages), DDL and bulk deletes, on tables {@code a} and {@code b} (and {@code c}, made and dropped).
 */
final class RandomWorkload {

    private RandomWorkload() {
    }

    static final String SCHEMA = "CREATE TABLE IF NOT EXISTS a(id INTEGER PRIMARY KEY, v TEXT, n INTEGER);"
            + "CREATE TABLE IF NOT EXISTS b(k TEXT PRIMARY KEY, blob BLOB)";

    static void schema(Connection c) throws Exception {
        try (Statement st = c.createStatement()) {
            for (String sql : SCHEMA.split(";")) st.execute(sql);
        }
    }

    /** One transaction of 1 to 5 random statements, committed. */
    static void transaction(Connection c, Random r) throws Exception {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        int statements = 1 + r.nextInt(5);
        for (int s = 0; s < statements; s++) step(c, r);
        c.commit();
        c.setAutoCommit(auto);
    }

    static String series(String value, int n) {
        return "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < " + n + ") SELECT " + value
                + ", i FROM s";
    }

    static void step(Connection c, Random r) throws Exception {
        step(c, r, "v");
    }

    /** {@code text}: what every inserted text value starts with (a replica test looks for it in the store). */
    static void step(Connection c, Random r, String text) throws Exception {
        try (Statement st = c.createStatement()) {
            switch (r.nextInt(10)) {
                case 0, 1, 2 -> {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO a(v, n) VALUES (?, ?)")) {
                        for (int i = r.nextInt(20); i >= 0; i--) {
                            ps.setString(1, text + r.nextInt(1000));
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
                case 8 -> st.executeUpdate("UPDATE a SET v = v || 'x' WHERE id < " + r.nextInt(400));
                default -> st.execute("INSERT INTO a(v, n) " + series("'bulk'", r.nextInt(500)));
            }
        }
    }
}
