package dev.safesqlite.agent.measure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;

/**
 * A plain jdbc:sqlite: workload, run in a child JVM with or without the agent by
 * {@link StatementOverhead}: per round, 20,000 statements (a prepared INSERT, a prepared SELECT by
 * key, a plain UPDATE by key, in turn); prints the median nanoseconds per statement over the rounds
 * after warm-up.
 */
public final class StatementWorkload {

    private StatementWorkload() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("safesqlite-overhead");
        int rounds = 15;
        int perRound = 20_000;
        long[] nanos = new long[rounds];
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("bench.db"));
             Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, v TEXT)");
            st.execute("PRAGMA journal_mode=WAL"); // as the agent sets it: compare like with like
            st.execute("PRAGMA synchronous=OFF"); // measure the statement path, not the disk
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO t(v) VALUES (?)");
                 PreparedStatement select = c.prepareStatement("SELECT v FROM t WHERE id = ?")) {
                for (int r = -5; r < rounds; r++) {
                    long start = System.nanoTime();
                    for (int i = 0; i < perRound; i += 3) {
                        insert.setString(1, "value " + i);
                        insert.executeUpdate();
                        select.setInt(1, i / 3 + 1);
                        try (ResultSet rs = select.executeQuery()) {
                            rs.next();
                        }
                        st.executeUpdate("UPDATE t SET v = 'x' WHERE id = " + (i / 3 + 1));
                    }
                    if (r >= 0) nanos[r] = (System.nanoTime() - start) / perRound;
                }
            }
        }
        Arrays.sort(nanos);
        System.out.println("NANOS_PER_STATEMENT " + nanos[rounds / 2]);
    }
}
