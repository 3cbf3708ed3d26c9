package dev.safesqlite.fuzz;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.safesqlite.SafeSqliteDriver;
import dev.safesqlite.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The differential fuzzer: case after case, a random schema ({@link FuzzSchema}) is created
 * twice, one copy used through {@code jdbc:safesqlite:} and the other through raw
 * {@code jdbc:sqlite:}; each random call ({@link StatementGenerator}) runs on both. What the
 * raw copy went through ({@link GroundTruth}) says whether a backup was owed; the SafeSQLite
 * side must then have taken one, holding the state before the call. Case {@code i} of a run
 * with seed {@code s} uses seed {@code s + i}, so any failure is re-run alone with its own seed.
 */
final class FuzzRun {

    static final int BULK_ROWS = 50;
    static final int CALLS_PER_CASE = 12;

    private final long seed;
    private final int calls;
    private final Path root;
    private final Report report = new Report();

    FuzzRun(long seed, int calls, Path root) {
        this.seed = seed;
        this.calls = calls;
        this.root = root;
    }

    Report run() throws Exception {
        int done = 0;
        for (long caseSeed = seed; done < calls; caseSeed++) {
            done += runCase(caseSeed, Math.min(CALLS_PER_CASE, calls - done));
        }
        return report;
    }

    /** One schema, up to {@code n} calls on it; returns the calls made. */
    private int runCase(long caseSeed, int n) throws Exception {
        Random rnd = new Random(caseSeed);
        FuzzSchema schema = new FuzzSchema(rnd);
        Path dir = Files.createDirectories(root.resolve("case-" + caseSeed));
        Path app = dir.resolve("app.db");
        Path rawFile = dir.resolve("raw.db");
        Path backups = dir.resolve("backups");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + app); Statement st = c.createStatement()) {
            for (String sql : schema.statements()) st.execute(sql);
        }
        Files.copy(app, rawFile);
        String fk = "foreign_keys=" + schema.foreignKeys;
        String url = SafeSqliteDriver.PREFIX + app + "?safesqlite.backup.dir=" + backups
                + "&safesqlite.backup.on.startup=false&safesqlite.checkpoint.interval=0&safesqlite.coalesce=0s"
                + "&safesqlite.bulk.rows=" + BULK_ROWS + "&" + fk;
        int made = 0;
        HikariDataSource pool = null;
        try (Connection safe = DriverManager.getConnection(url);
             Connection raw = DriverManager.getConnection("jdbc:sqlite:" + rawFile + "?" + fk)) {
            try (Statement st = raw.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL"); // as the SafeSQLite side runs
            }
            StatementGenerator generator = new StatementGenerator(rnd, schema, raw);
            DatabaseState before = DatabaseState.read(raw);
            for (int i = 1; i <= n; i++) {
                Call call = generator.next(before);
                made++;
                if (call.path().pooled() && pool == null) pool = pool(url);
                Outcome outcome = runOnBoth(call, safe, raw, pool, backups, before);
                if (!judge(caseSeed, i, schema, call, outcome)) break; // the copies differ from here on
                before = outcome.truth.after();
            }
        } finally {
            if (pool != null) pool.close();
            TestDatabases.drainBackgroundWork();
        }
        if (report.keepFiles.isEmpty() || !report.keepFiles.contains(caseSeed)) deleteTree(dir);
        return made;
    }

    private static HikariDataSource pool(String url) {
        HikariConfig config = new HikariConfig();
        config.setDriverClassName(SafeSqliteDriver.class.getName());
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(1);
        config.setPoolName("fuzz");
        return new HikariDataSource(config);
    }

    /** What each side did with one call. */
    record Outcome(GroundTruth truth, SQLException safeError, DatabaseState safeAfter, List<Path> newBackups,
                   boolean reused, long safeChanges, long rawChanges) {
    }

    private Outcome runOnBoth(Call call, Connection safe, Connection raw, HikariDataSource pool, Path backups,
                              DatabaseState before) throws Exception {
        Set<Path> backupsBefore = preOperationBackups(backups);
        long reusedBefore = reusedEvents(backups);
        SQLException safeError = null;
        try {
            if (call.path().pooled()) {
                try (Connection pooled = pool.getConnection()) {
                    call.path().run(pooled, call);
                }
            } else {
                call.path().run(safe, call);
            }
        } catch (SQLException e) {
            safeError = e;
        }
        GroundTruth truth = GroundTruth.of(raw, call, before);
        List<Path> added = new ArrayList<>(preOperationBackups(backups));
        added.removeAll(backupsBefore);
        added.sort(Comparator.comparing(Path::toString)); // names carry the time: the first is the oldest
        // SQLite's changes() after a call of one INSERT, UPDATE or DELETE, read before anything else
        // runs on either connection: the application's count must not be the engine's (issue 16).
        // Other calls leave the count of an earlier statement, which the two sides need not share
        // (a pooled call ran on the pool's connection, the raw side replays batches one by one).
        boolean compared = !call.path().pooled() && call.steps().size() == 1 && safeError == null
                && truth.error() == null && changesStatement(call.steps().get(0).sql());
        long safeChanges = compared ? changes(safe) : -1;
        long rawChanges = compared ? changes(raw) : -1;
        return new Outcome(truth, safeError, DatabaseState.read(safe), added, reusedEvents(backups) > reusedBefore,
                safeChanges, rawChanges);
    }

    private static boolean changesStatement(String sql) {
        String start = sql.replaceAll("(?s)^(\\s|--[^\n]*\n|/\\*.*?\\*/)*", "").toUpperCase(java.util.Locale.ROOT);
        return start.startsWith("INSERT") || start.startsWith("UPDATE") || start.startsWith("DELETE")
                || start.startsWith("REPLACE") || start.startsWith("WITH");
    }

    private static long changes(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); var rs = st.executeQuery("SELECT changes()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Counts the call in the report; false when the two copies no longer agree. */
    private boolean judge(long caseSeed, int index, FuzzSchema schema, Call call, Outcome o) throws SQLException {
        GroundTruth truth = o.truth;
        report.calls++;
        boolean owed = truth.owesBackup(call, BULK_ROWS);
        int[] perShape = report.shapes.computeIfAbsent(call.shape(), k -> new int[4]);
        perShape[0]++;
        if (owed) perShape[1]++;
        if (truth.error() != null && perShape[3]++ < 3 && Boolean.getBoolean("fuzz.show.errors")) {
            System.out.println("raw error [" + call.shape() + "] " + Call.visible(call.steps().get(0).sql()) + ": "
                    + truth.error().getMessage());
        }
        boolean took = !o.newBackups.isEmpty() || o.reused;
        String where = "seed " + caseSeed + ", call " + index;
        if (owed) {
            report.destructive++;
            if (!took) {
                var limit = DocumentedLimit.covering(call, truth.before(), truth.effect());
                if (limit.isPresent()) {
                    report.withinLimits++;
                } else {
                    perShape[2]++;
                    report.missed.add(failure("MISSED: destructive call without a backup", where, schema, call, o));
                }
            } else if (!o.newBackups.isEmpty()) {
                DatabaseState backup = readBackup(o.newBackups.get(0));
                if (!truth.isCorrectBackup(backup, BULK_ROWS)) {
                    report.wrongBackups.add(failure("WRONG BACKUP: its content is not the state before the call", where,
                            schema, call, o) + "  backup holds: " + backup.describeCounts() + "\n");
                }
            }
        } else if (took) {
            report.falseAlarms.add(where + " [" + call.path() + "] " + Call.visible(call.steps().get(0).sql())
                    + (call.steps().size() > 1 ? " (+" + (call.steps().size() - 1) + " more)" : "")
                    + " -> " + truth.effect());
        }
        boolean agree = o.safeAfter.equals(truth.after()) && (o.safeError == null) == (truth.error() == null)
                && o.safeChanges == o.rawChanges;
        if (!agree) {
            report.divergences.add(failure("DIVERGED: SafeSQLite and raw sqlite-jdbc ended differently", where, schema,
                    call, o) + "  SafeSQLite side after: " + o.safeAfter.describeCounts() + "\n"
                    + "  SELECT changes() after the call: SafeSQLite " + o.safeChanges + ", raw " + o.rawChanges + "\n");
        }
        return agree;
    }

    private static String failure(String what, String where, FuzzSchema schema, Call call, Outcome o) {
        GroundTruth t = o.truth;
        return what + " (" + where + "; re-run: -Dfuzz.seed=" + where.replaceAll("seed (\\d+), call (\\d+)", "$1 -Dfuzz.calls=$2")
                + ")\n  schema:\n  " + schema.describe().replace("\n", "\n  ") + "\n"
                + "  rows before: " + t.before().describeCounts() + "\n"
                + call.describe()
                + "  raw SQLite: " + t.effect() + (t.error() == null ? "" : "; failed: " + t.error().getMessage()) + "\n"
                + "  SafeSQLite: " + (o.newBackups.isEmpty() ? (o.reused ? "reused a backup" : "took no backup")
                        : "took " + o.newBackups.stream().map(p -> p.getFileName().toString()).toList())
                + (o.safeError == null ? "" : "; failed: " + o.safeError.getMessage()) + "\n";
    }

    private static DatabaseState readBackup(Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + file + "?mode=ro")) {
            return DatabaseState.read(c);
        }
    }

    /** Backup files taken before a statement whose manifest is written (SPEC 5: only then a backup). */
    private static Set<Path> preOperationBackups(Path dir) throws IOException {
        Set<Path> found = new TreeSet<>();
        if (!Files.isDirectory(dir)) return found;
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> p.getFileName().toString().matches(".*_pre-(ddl|delete|update)\\.db"))
                    .filter(p -> Files.exists(p.resolveSibling(p.getFileName() + ".json")
                            ) || Files.exists(p.resolveSibling(p.getFileName().toString().replaceFirst("\\.db$", ".json"))))
                    .forEach(found::add);
        }
        return found;
    }

    private static long reusedEvents(Path dir) throws IOException {
        Path audit = dir.resolve("audit.log");
        if (!Files.exists(audit)) return 0;
        try (Stream<String> lines = Files.lines(audit)) {
            return lines.filter(l -> l.contains("\"backup.reused\"")).count();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /** The figures of a run, and every failure, each described so it can be re-run alone. */
    static final class Report {
        int calls;
        int destructive;
        int withinLimits;
        final List<String> missed = new ArrayList<>();
        final List<String> wrongBackups = new ArrayList<>();
        final List<String> falseAlarms = new ArrayList<>();
        final List<String> divergences = new ArrayList<>();
        final Set<Long> keepFiles = new TreeSet<>();
        /** per shape: calls, destructive, missed, failed on raw SQLite too */
        final java.util.Map<String, int[]> shapes = new java.util.TreeMap<>();

        String shapeTable() {
            StringBuilder sb = new StringBuilder(String.format("%-40s %6s %6s %6s %6s%n", "shape", "calls", "destr", "missed",
                    "failed"));
            shapes.forEach((shape, n) -> sb.append(String.format("%-40s %6d %6d %6d %6d%n", shape, n[0], n[1], n[2], n[3])));
            return sb.toString();
        }

        int harmless() {
            return calls - destructive;
        }

        String summary() {
            return String.format("calls %d, destructive %d, missed %d, wrong backups %d, within documented limits %d, "
                            + "false alarms %d of %d harmless (%.1f%%), diverged %d",
                    calls, destructive, missed.size(), wrongBackups.size(), withinLimits, falseAlarms.size(), harmless(),
                    harmless() == 0 ? 0.0 : 100.0 * falseAlarms.size() / harmless(), divergences.size());
        }
    }
}
