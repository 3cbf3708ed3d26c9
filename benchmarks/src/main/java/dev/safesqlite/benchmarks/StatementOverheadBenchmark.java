package dev.safesqlite.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Statement overhead on an OLTP mix, the same workload through each front in one run: point
 * reads, keyed updates, inserts and small deletes by key on a 10,000-row table, prepared
 * statements, autocommit, WAL. {@code synchronous} is a parameter: FULL (SQLite's default,
 * an fsync per commit) and NORMAL (the usual WAL tuning, where per-statement costs show most).
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar StatementOverhead}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class StatementOverheadBenchmark {

    static final int ROWS = 10_000;

    /**
     * {@code raw}: plain jdbc:sqlite: (run under {@code -javaagent} it is the agent's figure);
     * {@code safesqlite}: jdbc:safesqlite:; {@code p6spy}: P6Spy's wrapper driver with only its
     * spy module (no logging), as a reference for what a thin wrapper costs.
     */
    @Param({"raw", "safesqlite", "p6spy"})
    public String front;

    @Param({"NORMAL", "FULL"})
    public String synchronous;

    private Path dir;
    private Connection c;
    private PreparedStatement read;
    private PreparedStatement update;
    private PreparedStatement insert;
    private PreparedStatement delete;
    private long nextId;

    @Setup(Level.Trial)
    public void open() throws Exception {
        dir = Files.createTempDirectory("overhead-");
        Path db = dir.resolve("oltp.db");
        try (Connection setup = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = setup.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("CREATE TABLE accounts(id INTEGER PRIMARY KEY, owner TEXT, balance INTEGER)");
            st.execute("CREATE TABLE ledger(id INTEGER PRIMARY KEY, account INTEGER, amount INTEGER)");
            st.execute("WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < " + ROWS
                    + ") INSERT INTO accounts SELECT k, 'owner ' || k, 100 FROM n");
            st.execute("WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < " + ROWS
                    + ") INSERT INTO ledger SELECT k, k, 1 FROM n");
        }
        nextId = ROWS + 1;
        String sqlite = db + "?journal_mode=WAL&synchronous=" + synchronous;
        String url = switch (front) {
            case "raw" -> "jdbc:sqlite:" + sqlite;
            case "p6spy" -> "jdbc:p6spy:sqlite:" + sqlite;
            default -> "jdbc:safesqlite:" + db + "?synchronous=" + synchronous
                    + "&safesqlite.backup.on.startup=false&safesqlite.checkpoint.interval=0";
        };
        if (front.equals("p6spy")) {
            // Only the spy module: no statement logging, no spy.log file.
            System.setProperty("p6spy.config.modulelist", "com.p6spy.engine.spy.P6SpyFactory");
            Class.forName("com.p6spy.engine.spy.P6SpyDriver");
        }
        c = DriverManager.getConnection(url);
        read = c.prepareStatement("SELECT owner, balance FROM accounts WHERE id = ?");
        update = c.prepareStatement("UPDATE accounts SET balance = balance + ? WHERE id = ?");
        insert = c.prepareStatement("INSERT INTO ledger(id, account, amount) VALUES (?, ?, ?)");
        delete = c.prepareStatement("DELETE FROM ledger WHERE id = ?");
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        c.close();
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    private static int key() {
        return 1 + ThreadLocalRandom.current().nextInt(ROWS);
    }

    @Benchmark
    public long pointRead() throws SQLException {
        read.setInt(1, key());
        try (ResultSet rs = read.executeQuery()) {
            return rs.next() ? rs.getLong(2) : -1;
        }
    }

    @Benchmark
    public int keyedUpdate() throws SQLException {
        update.setInt(1, 1);
        update.setInt(2, key());
        return update.executeUpdate();
    }

    @Benchmark
    public int insert() throws SQLException {
        insert.setLong(1, nextId++);
        insert.setInt(2, key());
        insert.setInt(3, 5);
        return insert.executeUpdate();
    }

    /** Deletes a row that the previous call inserted, so the table keeps its size. */
    @Benchmark
    public int smallDelete() throws SQLException {
        long id = nextId++;
        insert.setLong(1, id);
        insert.setInt(2, key());
        insert.setInt(3, 5);
        insert.executeUpdate();
        delete.setLong(1, id);
        return delete.executeUpdate();
    }
}
