package dev.safesqlite.internal.classify;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;

/**
 * Where the cost of a literal INSERT with new values goes (issue 17): raw sqlite-jdbc
 * connections that, before each INSERT, do one part of what the engine does with a new string,
 * against plain raw connections, A B B A in one JVM. A part's ratio is what it costs inside the
 * application's loop, where the CPU's caches also hold SQLite's work, rather than alone. In
 * the engine's package, because the parts are not public.
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am -DskipTests package
 * java -cp benchmarks/target/benchmarks.jar dev.safesqlite.internal.classify.ParseInTheLoop [--rounds 31] [--dir /dev/shm]
 * </pre>
 */
public final class ParseInTheLoop {

    private static final int BLOCK = 3_000;
    private static final int TRANSACTION = 50;

    private record Part(String name, ToIntFunction<String> work) {
    }

    private static final List<Part> PARTS = List.of(
            new Part("nothing (raw/raw control)", sql -> 0),
            new Part("hash the string", String::hashCode),
            new Part("tokenize", sql -> SqlTokenizer.tokenize(sql).size()),
            new Part("parse (no cache)", sql -> ParsedSql.parse(sql).runCount(true)),
            new Part("parse cache look-up (the engine's)", sql -> ParseCache.get(sql).runCount(true)));

    private ParseInTheLoop() {
    }

    public static void main(String[] args) throws Exception {
        List<String> a = Arrays.asList(args);
        int rounds = a.contains("--rounds") ? Integer.parseInt(a.get(a.indexOf("--rounds") + 1)) : 31;
        Path dir = Path.of(a.contains("--dir") ? a.get(a.indexOf("--dir") + 1) : System.getProperty("java.io.tmpdir"));
        Path work = Files.createTempDirectory(dir, "parse-loop-");
        System.out.printf(Locale.ROOT, "ParseInTheLoop: %d rounds of %d literal INSERTs per connection, %s, Java %s%n",
                rounds, BLOCK, work, System.getProperty("java.version"));
        System.out.println("| done before each INSERT | ratio to raw, median (IQR) | extra ns per INSERT |");
        System.out.println("|---|---:|---:|");
        long[] ids = {1};
        for (Part part : PARTS) {
            Connection a1 = open(work.resolve(part.name().hashCode() + "-a.db"));
            Connection b1 = open(work.resolve(part.name().hashCode() + "-b.db"));
            try (Statement as = a1.createStatement(); Statement bs = b1.createStatement()) {
                for (int w = 0; w < 5; w++) {
                    block(a1, as, sql -> 0, ids);
                    block(b1, bs, part.work(), ids);
                }
                double[] ratios = new double[rounds];
                double extra = 0;
                for (int r = 0; r < rounds; r++) {
                    long x1 = block(a1, as, sql -> 0, ids);
                    long y1 = block(b1, bs, part.work(), ids);
                    long y2 = block(b1, bs, part.work(), ids);
                    long x2 = block(a1, as, sql -> 0, ids);
                    ratios[r] = (double) (y1 + y2) / (x1 + x2);
                    extra += ((y1 + y2) - (x1 + x2)) / 2.0 / BLOCK;
                }
                Arrays.sort(ratios);
                System.out.printf(Locale.ROOT, "| %s | %.3f (%.3f-%.3f) | %+.0f |%n", part.name(), ratios[rounds / 2],
                        ratios[rounds / 4], ratios[rounds * 3 / 4], extra / rounds);
            } finally {
                a1.close();
                b1.close();
            }
        }
        try (var walk = Files.walk(work)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    private static Connection open(Path db) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE accounts(id INTEGER PRIMARY KEY, owner TEXT, balance INTEGER)");
        }
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + db + "?synchronous=NORMAL");
        c.setAutoCommit(false);
        return c;
    }

    /** {@link #BLOCK} INSERTs with new literal values, each after {@code before}; the nanoseconds taken. */
    private static long block(Connection c, Statement s, ToIntFunction<String> before, long[] ids) throws SQLException {
        long sink = 0;
        long t = System.nanoTime();
        for (int i = 0; i < BLOCK; i++) {
            long id = ids[0]++;
            String sql = "INSERT INTO accounts(id, owner, balance) VALUES (" + id + ", 'owner " + id + "', " + (i % 1000) + ")";
            sink += before.applyAsInt(sql);
            sink += s.executeUpdate(sql);
            if (i % TRANSACTION == TRANSACTION - 1) c.commit();
        }
        c.commit();
        if (sink == 42) System.out.println("(sink)");
        return System.nanoTime() - t;
    }
}
