package dev.safesqlite.samples.urlswap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A plain JDBC application whose only change is its URL: {@code jdbc:safesqlite:} instead of
 * {@code jdbc:sqlite:}. It makes the two classic mistakes — a migration that drops a table and
 * a DELETE without WHERE — and then shows the backups SafeSQLite took before each, and what
 * they still contain.
 */
public final class UrlSwapDemo {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "demo-data").toAbsolutePath();
        reset(dir);
        Path db = dir.resolve("shop.db");
        String url = "jdbc:safesqlite:" + db;
        System.out.println("SafeSQLite demo: " + url);

        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            // A new, empty database has nothing to lose: creating its schema takes no backup.
            st.executeUpdate("CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
                    + "CREATE TABLE orders(id INTEGER PRIMARY KEY, customer INTEGER, total REAL)");
            c.setAutoCommit(false);
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO customers(name) VALUES (?)")) {
                for (int i = 1; i <= 200; i++) {
                    ins.setString(1, "customer " + i);
                    ins.addBatch();
                }
                ins.executeBatch();
            }
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO orders(customer, total) VALUES (?, ?)")) {
                for (int i = 1; i <= 5000; i++) {
                    ins.setInt(1, 1 + i % 200);
                    ins.setDouble(2, i * 1.5);
                    ins.addBatch();
                }
                ins.executeBatch();
            }
            c.commit();
        }
        System.out.println("created 200 customers and 5000 orders");

        // Mistake 1: a "migration" drops the wrong table.
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.executeUpdate("DROP TABLE orders");
            System.out.println("ran: DROP TABLE orders");
        }
        // Mistake 2: a DELETE without WHERE, on another connection.
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            int n = st.executeUpdate("DELETE FROM customers");
            System.out.println("ran: DELETE FROM customers (" + n + " rows)");
        }
        // Harmless statements take no backup.
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE IF NOT EXISTS customers(id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
            try (ResultSet rs = st.executeQuery("SELECT 'DROP TABLE customers'")) {
                rs.next();
            }
        }

        System.out.println();
        System.out.println("Backups in " + dir.resolve("backups") + ":");
        List<Path> manifests;
        try (Stream<Path> files = Files.list(dir.resolve("backups"))) {
            manifests = files.filter(p -> p.toString().endsWith(".db.json")).sorted().toList();
        }
        for (Path m : manifests) {
            Path backup = Path.of(m.toString().substring(0, m.toString().length() - ".json".length()));
            System.out.println("  " + backup.getFileName() + "  (" + Files.size(backup) + " bytes)");
            String json = Files.readString(m);
            System.out.println("    before: " + field(json, "sql"));
            System.out.println("    contains: " + rowCounts(backup));
        }
        if (manifests.size() != 2) {
            throw new IllegalStateException("expected two backups, found " + manifests.size());
        }
        System.out.println();
        System.out.println("The live database now has: " + rowCounts(db));
        printRestoreCommands(db, cliJar(args));
    }

    /**
     * The commands that bring each table back, exactly as they can be pasted into the shell the
     * demo ran from: each {@code --undo} steps back one destructive statement, newest first.
     */
    private static void printRestoreCommands(Path db, Path cliJar) {
        String cli = "java -jar " + shellPath(cliJar);
        String database = shellPath(db);
        System.out.println();
        System.out.println("Every row is still in the backups above. To bring them back (stop the application first;");
        System.out.println("the restore refuses while anything holds the database open), from this directory:");
        System.out.println("  " + cli + " restore " + database + " --undo --dry-run");
        System.out.println("      shows what the undo brings back and changes nothing");
        System.out.println("  " + cli + " restore " + database + " --undo --yes");
        System.out.println("      customers: back to 200 rows, the state just before DELETE FROM customers");
        System.out.println("  " + cli + " restore " + database + " --undo --yes");
        System.out.println("      orders: back with its 5000 rows, the state just before DROP TABLE orders");
        System.out.println("  " + cli + " list " + database);
        System.out.println("      the backups, newest first; each restore kept the state it replaced as a pre-restore backup");
        if (!Files.isRegularFile(cliJar)) {
            System.out.println("(" + cliJar + " is not built yet: mvn -B -q -DskipTests package builds it.)");
        }
    }

    /**
     * The command line jar: the second argument (the demo profile passes the one the same build
     * made), else where a build of this project puts it.
     */
    private static Path cliJar(String[] args) {
        return Path.of(args.length > 1 ? args[1] : "cli/target/safesqlite-cli.jar").toAbsolutePath().normalize();
    }

    /** Relative to the current directory when inside it (shorter to read), quoted for a POSIX shell when needed. */
    private static String shellPath(Path p) {
        Path here = Path.of("").toAbsolutePath();
        String s = p.startsWith(here) && !p.equals(here) ? here.relativize(p).toString() : p.toString();
        return s.matches("[A-Za-z0-9_./@%+=:,-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    private static Map<String, Long> rowCounts(Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            Map<String, Long> counts = new java.util.TreeMap<>();
            List<String> tables = new java.util.ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT name FROM sqlite_schema WHERE type='table'")) {
                while (rs.next()) tables.add(rs.getString(1));
            }
            for (String t : tables) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM \"" + t + "\"")) {
                    rs.next();
                    counts.put(t, rs.getLong(1));
                }
            }
            return counts;
        }
    }

    /** Reads one string field of the manifest without a JSON library: the demo shows the file as it is. */
    private static String field(String json, String name) {
        int i = json.indexOf("\"" + name + "\": \"");
        if (i < 0) return "?";
        int start = i + name.length() + 5;
        return json.substring(start, json.indexOf('"', start));
    }

    private static void reset(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
            }
        }
        Files.createDirectories(dir);
    }
}
