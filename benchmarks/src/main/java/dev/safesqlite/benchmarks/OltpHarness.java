package dev.safesqlite.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A whole-run OLTP measurement of what a front costs, in one JVM: each column pairs raw
 * sqlite-jdbc (A) with a front (B) and runs them A B B A in every round, so a drift of the disk
 * or of the machine reaches both alike; a round's ratio is (B + B) / (A + A). The first column
 * is raw against raw: its spread is the noise of this run, and a front's median within it is
 * indistinguishable from raw.
 *
 * <p>One unit of work, per connection and round: 6,000 point reads and 1,500 keyed updates
 * (prepared), 600 INSERTs with literal values and 300 {@code DELETE ... WHERE id = (SELECT
 * max(id) ...)} (through one {@link Statement}), in transactions of 50, on a 10,000-row WAL
 * table. Each operation runs as one timed block, so the mix (their sum) and each operation
 * alone get a ratio.
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am -DskipTests package
 * java -cp benchmarks/target/benchmarks.jar dev.safesqlite.benchmarks.OltpHarness \
 *     [--rounds 41] [--dir /dev/shm] [--fronts safesqlite,p6spy] [--warmup 3000] [--synchronous NORMAL]
 *     [--same-literals] [--interleaved]
 * </pre>
 *
 * <p>A front is a name and a way to open a connection on a database file, and optionally to
 * make its statements ({@link Front}); to add one, put it in {@link #FRONTS} (then
 * {@code --fronts name}), or call {@link #run} with your own list.
 */
public final class OltpHarness {

    /** One way for an application to reach SQLite. */
    public interface Front {
        String name();

        /** A connection on {@code db} with {@code synchronous} as given; WAL is already set on the file. */
        Connection open(Path db, String synchronous) throws SQLException;

        /** How the application prepares a statement on a connection of this front. */
        default PreparedStatement prepare(Connection c, String sql) throws SQLException {
            return c.prepareStatement(sql);
        }

        /** How the application makes a plain statement on a connection of this front. */
        default Statement statement(Connection c) throws SQLException {
            return c.createStatement();
        }
    }

    /** A front reached through {@link DriverManager} by URL. */
    public record UrlFront(String name, String prefix, String suffix) implements Front {
        @Override
        public Connection open(Path db, String synchronous) throws SQLException {
            return DriverManager.getConnection(prefix + db + "?synchronous=" + synchronous + suffix);
        }
    }

    public static final Front RAW = new UrlFront("raw", "jdbc:sqlite:", "");
    /** Startup backups and checkpoints off: the harness measures statements, not background work. */
    public static final Front SAFESQLITE = new UrlFront("safesqlite", "jdbc:safesqlite:",
            "&safesqlite.backup.on.startup=false&safesqlite.checkpoint.interval=0");
    /** P6Spy with its spy module only: no statement logging, the cost of a thin wrapper. */
    public static final Front P6SPY = new Front() {
        @Override
        public String name() {
            return "p6spy";
        }

        @Override
        public Connection open(Path db, String synchronous) throws SQLException {
            System.setProperty("p6spy.config.modulelist", "com.p6spy.engine.spy.P6SpyFactory");
            try {
                Class.forName("com.p6spy.engine.spy.P6SpyDriver");
            } catch (ClassNotFoundException e) {
                throw new SQLException("P6Spy is not on the class path", e);
            }
            return DriverManager.getConnection("jdbc:p6spy:sqlite:" + db + "?synchronous=" + synchronous);
        }
    };

    /**
     * Issue 17's design alternative: jdbc:safesqlite: with statements that extend sqlite-jdbc's
     * own classes ({@code SubclassPrototype}), for the harness's calls only.
     */
    public static final Front SUBCLASS = new Front() {
        @Override
        public String name() {
            return "subclass";
        }

        @Override
        public Connection open(Path db, String synchronous) throws SQLException {
            return SAFESQLITE.open(db, synchronous);
        }

        @Override
        public PreparedStatement prepare(Connection c, String sql) throws SQLException {
            return dev.safesqlite.internal.jdbc.SubclassPrototype.prepare(c, sql);
        }

        @Override
        public Statement statement(Connection c) {
            return dev.safesqlite.internal.jdbc.SubclassPrototype.statement(c);
        }
    };

    /** The fronts {@code --fronts} can name. */
    public static final Map<String, Front> FRONTS = new LinkedHashMap<>();

    static {
        for (Front f : List.of(RAW, SAFESQLITE, P6SPY, SUBCLASS)) FRONTS.put(f.name(), f);
    }

    static final int ROWS = 10_000;
    private static final java.util.concurrent.atomic.AtomicLong CLIENTS = new java.util.concurrent.atomic.AtomicLong();
    static final int TRANSACTION = 50;
    static final String[] OPERATIONS = {"pointRead", "keyedUpdate", "literalInsert", "subqueryDelete"};
    static final int[] COUNTS = {6_000, 1_500, 600, 300};

    public static void main(String[] args) throws Exception {
        int rounds = 41;
        int warmup = 3_000;
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        String synchronous = "NORMAL";
        boolean sameLiterals = false;
        List<Front> fronts = new ArrayList<>(List.of(SAFESQLITE, P6SPY));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                case "--synchronous" -> synchronous = args[++i];
                case "--same-literals" -> sameLiterals = true;
                case "--interleaved" -> INTERLEAVED = true;
                case "--fronts" -> {
                    fronts.clear();
                    for (String name : args[++i].split(",")) {
                        Front f = FRONTS.get(name);
                        if (f == null) throw new IllegalArgumentException("unknown front " + name + "; known: " + FRONTS.keySet());
                        fronts.add(f);
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; options: --rounds N --warmup STATEMENTS --dir PATH --synchronous MODE --fronts a,b --same-literals --interleaved");
            }
        }
        System.out.printf(Locale.ROOT, "OLTP harness: %d rounds, warm-up %d statements per connection, %s,"
                        + " synchronous=%s, %d cores, Java %s%n", rounds, warmup, dir.toAbsolutePath(), synchronous,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        if (sameLiterals) System.out.println("literal INSERTs: the same text every time (ids from the rowid)");
        SAME_LITERALS = sameLiterals;
        run(dir, synchronous, rounds, warmup, fronts);
    }

    /**
     * {@code --same-literals}: every literal INSERT has the same text (the rowid gives the id), so
     * its parse is a cache hit; by default each has new values, as SQL built by concatenation does.
     */
    static boolean SAME_LITERALS;

    /**
     * {@code --interleaved}: each unit runs the operations mixed, as an application does (per 28
     * statements: 20 reads, 5 updates, 2 INSERTs, 1 DELETE), timed as a whole: only the mix's
     * ratio is printed. By default each operation runs as one block, so each gets a ratio.
     */
    static boolean INTERLEAVED;

    /** Runs raw against raw, then raw against each of {@code fronts}, and prints the ratios. */
    public static void run(Path dir, String synchronous, int rounds, int warmup, List<Front> fronts) throws Exception {
        Path work = Files.createTempDirectory(dir, "oltp-");
        List<Column> columns = new ArrayList<>();
        try {
            columns.add(new Column("raw/raw", new Client(RAW, work.resolve("control-a.db"), synchronous),
                    new Client(RAW, work.resolve("control-b.db"), synchronous)));
            for (Front f : fronts) {
                columns.add(new Column("raw/" + f.name(), new Client(RAW, work.resolve(f.name() + "-a.db"), synchronous),
                        new Client(f, work.resolve(f.name() + "-b.db"), synchronous)));
            }
            for (Column c : columns) {
                c.a.warmUp(warmup);
                c.b.warmUp(warmup);
            }
            for (int round = 0; round < rounds; round++) {
                long seed = 1_000_003L * round;
                for (Column c : columns) c.round(seed);
            }
            print(columns, rounds);
        } finally {
            for (Column c : columns) {
                c.a.close();
                c.b.close();
            }
            try (var walk = Files.walk(work)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    /** One pair: per round and operation, the ratio (B + B) / (A + A). */
    private static final class Column {
        final String name;
        final Client a;
        final Client b;
        final List<double[]> ratios = new ArrayList<>(); // per round: one per operation, then the mix
        final List<double[]> rawMicros = new ArrayList<>(); // per round: A's µs per statement, the same order

        Column(String name, Client a, Client b) {
            this.name = name;
            this.a = a;
            this.b = b;
        }

        void round(long seed) throws SQLException {
            long[] a1 = a.unit(seed);
            long[] b1 = b.unit(seed);
            long[] b2 = b.unit(seed + 1);
            long[] a2 = a.unit(seed + 1);
            double[] r = new double[OPERATIONS.length + 1];
            long aMix = 0;
            long bMix = 0;
            for (int op = 0; op < OPERATIONS.length; op++) {
                r[op] = (double) (b1[op] + b2[op]) / (a1[op] + a2[op]);
                aMix += a1[op] + a2[op];
                bMix += b1[op] + b2[op];
            }
            r[OPERATIONS.length] = (double) bMix / aMix;
            ratios.add(r);
            double[] us = new double[OPERATIONS.length + 1];
            for (int op = 0; op < OPERATIONS.length; op++) us[op] = (a1[op] + a2[op]) / 2e3 / COUNTS[op];
            us[OPERATIONS.length] = aMix / 2e3 / Arrays.stream(COUNTS).sum();
            rawMicros.add(us);
        }
    }

    /** One connection and its statements, kept open for the whole run as an application would. */
    private static final class Client {
        final Connection connection;
        final PreparedStatement read;
        final PreparedStatement update;
        final Statement statement;
        /**
         * Each client's literal INSERTs have ids of their own: the parse cache is the JVM's, and
         * two fronts sending the very same strings would each see the other's (an application's
         * new literal values are new to every cache).
         */
        long nextId = ROWS + 1 + CLIENTS.getAndIncrement() * 1_000_000_000L;
        long sink;

        Client(Front front, Path db, String synchronous) throws SQLException {
            try (Connection setup = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = setup.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("CREATE TABLE accounts(id INTEGER PRIMARY KEY, owner TEXT, balance INTEGER)");
                st.execute("WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < " + ROWS
                        + ") INSERT INTO accounts SELECT k, 'owner ' || k, 100 FROM n");
            }
            connection = front.open(db, synchronous);
            read = front.prepare(connection, "SELECT owner, balance FROM accounts WHERE id = ?");
            update = front.prepare(connection, "UPDATE accounts SET balance = balance + ? WHERE id = ?");
            statement = front.statement(connection);
            connection.setAutoCommit(false);
        }

        /** A short run of the mix, in its proportions, before anything is measured. */
        void warmUp(int statements) throws SQLException {
            SplittableRandom random = new SplittableRandom(-1);
            int total = Arrays.stream(COUNTS).sum();
            for (int op = 0; op < OPERATIONS.length; op++) {
                block(op, (int) ((long) COUNTS[op] * statements / total), random);
            }
        }

        /** One unit of work; the nanoseconds of each operation's block. */
        long[] unit(long seed) throws SQLException {
            SplittableRandom random = new SplittableRandom(seed);
            long[] nanos = new long[OPERATIONS.length];
            if (INTERLEAVED) {
                long t = System.nanoTime();
                for (int block = 0; block < COUNTS[3]; block++) {
                    for (int s = 0; s < 28; s++) {
                        one(s < 20 ? 0 : s < 25 ? 1 : s < 27 ? 2 : 3, random);
                        if ((block * 28 + s + 1) % TRANSACTION == 0) connection.commit();
                    }
                }
                connection.commit();
                nanos[0] = System.nanoTime() - t; // the whole mix; the other operations' slots stay 0
                return nanos;
            }
            for (int op = 0; op < OPERATIONS.length; op++) {
                long t = System.nanoTime();
                block(op, COUNTS[op], random);
                nanos[op] = System.nanoTime() - t;
            }
            return nanos;
        }

        private void block(int op, int count, SplittableRandom random) throws SQLException {
            for (int i = 0; i < count; i++) {
                one(op, random);
                if ((i + 1) % TRANSACTION == 0 || i == count - 1) connection.commit();
            }
        }

        private void one(int op, SplittableRandom random) throws SQLException {
                switch (op) {
                    case 0 -> {
                        read.setInt(1, 1 + random.nextInt(ROWS));
                        try (ResultSet rs = read.executeQuery()) {
                            if (rs.next()) sink += rs.getLong(2);
                        }
                    }
                    case 1 -> {
                        update.setInt(1, 1);
                        update.setInt(2, 1 + random.nextInt(ROWS));
                        sink += update.executeUpdate();
                    }
                    case 2 -> {
                        long id = nextId++;
                        sink += statement.executeUpdate(SAME_LITERALS
                                ? "INSERT INTO accounts(owner, balance) VALUES ('owner', " + (random.nextInt(1) + 100) + ")"
                                : "INSERT INTO accounts(id, owner, balance) VALUES (" + id + ", 'owner " + id + "', "
                                        + random.nextInt(1000) + ")");
                    }
                    default -> sink += statement.executeUpdate("DELETE FROM accounts WHERE id = (SELECT max(id) FROM accounts)");
                }
        }

        void close() throws SQLException {
            connection.close();
        }
    }

    private static void print(List<Column> columns, int rounds) {
        System.out.printf(Locale.ROOT, "%nMedian ratio (B+B)/(A+A) over %d rounds, [min-max] and IQR; A = raw sqlite-jdbc%n%n", rounds);
        StringBuilder head = new StringBuilder("| operation | raw µs/statement |");
        StringBuilder rule = new StringBuilder("|---|---:|");
        for (Column c : columns) {
            head.append(' ').append(c.name).append(" |");
            rule.append("---:|");
        }
        System.out.println(head);
        System.out.println(rule);
        for (int op = OPERATIONS.length; op >= 0; op--) {
            StringBuilder row = new StringBuilder("| " + (op == OPERATIONS.length ? "**mix**" : OPERATIONS[op]) + " |");
            double[] us = new double[rounds];
            for (int i = 0; i < us.length; i++) us[i] = columns.get(0).rawMicros.get(i)[op];
            Arrays.sort(us);
            row.append(String.format(Locale.ROOT, " %.2f |", quantile(us, 0.5)));
            if (INTERLEAVED && op != OPERATIONS.length) continue; // timed as a whole: the mix only
            for (Column c : columns) {
                double[] v = new double[c.ratios.size()];
                for (int i = 0; i < v.length; i++) v[i] = c.ratios.get(i)[op];
                Arrays.sort(v);
                row.append(String.format(Locale.ROOT, " %.3f [%.3f-%.3f] IQR %.3f-%.3f |", quantile(v, 0.5), v[0],
                        v[v.length - 1], quantile(v, 0.25), quantile(v, 0.75)));
            }
            System.out.println(row);
        }
    }

    /** Linear interpolation between the closest ranks of sorted {@code v}. */
    static double quantile(double[] v, double q) {
        double pos = q * (v.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, v.length - 1);
        return v[lo] + (v[hi] - v[lo]) * (pos - lo);
    }
}
