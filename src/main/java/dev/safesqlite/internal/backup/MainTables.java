package dev.safesqlite.internal.backup;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The ordinary tables of a connection's {@code main} database, each with a name for people and
 * an expression that reads it in SQL, exactly as SQLite stores it.
 *
 * <p>SQLite keeps a table's name as bytes that should be UTF-8 but need not be. sqlite-jdbc
 * carries names and SQL through Java Strings (decoded and encoded as UTF-8), so a name that is
 * not valid UTF-8 comes back with U+FFFD in it and can never be sent back: {@code SELECT count(*)
 * FROM "bad\uFFFD"} fails with "no such table". Such a table is read through a TEMP view whose
 * SQL text SQLite itself builds from the stored name ({@code printf('%w', sqlite_schema.name)}),
 * so its bytes never pass through Java; a view is the one object that can name another table in
 * SQL built by SQL. The view lives in this connection's temp schema only and is dropped by
 * {@link #close()}. Names that are valid UTF-8 (every name an application made through JDBC) are
 * read as before, without a view.
 */
public final class MainTables implements AutoCloseable {

    /**
     * @param name the table's name; a byte that is not part of valid UTF-8 is shown as {@code \xHH}
     * @param from what to write after {@code FROM} to read it on this connection
     */
    public record Table(String name, String from) {
    }

    private static final String PLACEHOLDER = "safesqlite placeholder";

    private final Statement st;
    private final List<Table> tables;
    private final List<String> views;

    private MainTables(Statement st, List<Table> tables, List<String> views) {
        this.st = st;
        this.tables = tables;
        this.views = views;
    }

    /** The tables of {@code st}'s connection (virtual tables need their module; their shadow tables are listed). */
    public static MainTables of(Statement st) throws SQLException {
        List<Table> tables = new ArrayList<>();
        List<Long> unnamed = new ArrayList<>();
        List<String> views = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT rowid, CAST(name AS BLOB) FROM main.sqlite_schema WHERE type = 'table' "
                + "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name")) {
            while (rs.next()) {
                long rowid = rs.getLong(1);
                byte[] stored = rs.getBytes(2);
                String name = strictUtf8(stored);
                if (name != null) {
                    tables.add(new Table(name, "main." + quote(name)));
                } else {
                    String view = "safesqlite table " + rowid;
                    tables.add(new Table(shown(stored), "temp." + quote(view)));
                    unnamed.add(rowid);
                    views.add(view);
                }
            }
        }
        MainTables result = new MainTables(st, List.copyOf(tables), views);
        if (!unnamed.isEmpty()) {
            try {
                result.createViews(unnamed);
            } catch (SQLException e) {
                result.close();
                throw e;
            }
        }
        return result;
    }

    public List<Table> tables() {
        return tables;
    }

    private void createViews(List<Long> rowids) throws SQLException {
        try {
            for (String view : views) {
                st.execute("CREATE TEMP VIEW " + quote(view) + " AS SELECT NULL AS " + quote(PLACEHOLDER));
            }
            // The temp schema is this connection's own, in memory, and writable even on a read-only
            // connection; only the views just created are rewritten, then SQLite re-reads the schema.
            st.execute("PRAGMA writable_schema = ON");
            try {
                for (int i = 0; i < views.size(); i++) {
                    st.executeUpdate("UPDATE temp.sqlite_schema SET sql = printf('CREATE VIEW " + quote(views.get(i))
                            + " AS SELECT * FROM main.\"%w\"', (SELECT name FROM main.sqlite_schema WHERE rowid = "
                            + rowids.get(i) + ")) WHERE type = 'view' AND name = '" + views.get(i) + "'");
                }
            } finally {
                st.execute("PRAGMA writable_schema = RESET");
            }
        } catch (SQLException e) {
            throw unreadable(views.get(0), e.getMessage(), e);
        }
        for (String view : views) {
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM pragma_table_info('" + view
                    + "', 'temp') WHERE name = '" + PLACEHOLDER + "'")) {
                if (rs.next() && rs.getLong(1) > 0) {
                    throw unreadable(view, "it kept the placeholder view: no PRAGMA writable_schema = RESET", null);
                }
            }
        }
    }

    /** A table this SQLite does not let us read through a view (defensive mode, an old version): what to do. */
    private SQLException unreadable(String view, String why, SQLException cause) throws SQLException {
        String table = tables.stream().filter(t -> t.from().equals("temp." + quote(view)))
                .findFirst().map(Table::name).orElse("?");
        return new SQLException("The table " + table + " has a name that is not valid UTF-8, which sqlite-jdbc cannot"
                + " send to SQLite, and SQLite " + sqliteVersion() + " did not let SafeSQLite read it through a view ("
                + why + "); rename it with the sqlite3 shell (ALTER TABLE ... RENAME TO ...) and try again.", cause);
    }

    private String sqliteVersion() throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT sqlite_version()")) {
            return rs.next() ? rs.getString(1) : "?";
        }
    }

    /** Drops the views made for tables with names that are not valid UTF-8. */
    @Override
    public void close() throws SQLException {
        for (String view : views) {
            st.execute("DROP VIEW IF EXISTS temp." + quote(view));
        }
    }

    static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** The name, if its bytes are valid UTF-8 (then sqlite-jdbc carries it both ways unchanged). */
    private static String strictUtf8(byte[] bytes) {
        try {
            return decoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The name with each byte that is not part of valid UTF-8 written as {@code \xHH}. */
    private static String shown(byte[] bytes) {
        CharsetDecoder decoder = decoder();
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        StringBuilder shown = new StringBuilder();
        while (true) {
            CoderResult r = decoder.decode(in, out, true);
            out.flip();
            shown.append(out);
            out.clear();
            if (r.isError()) {
                for (int i = 0; i < r.length(); i++) shown.append(String.format("\\x%02X", in.get() & 0xff));
            } else if (r.isUnderflow()) {
                break;
            }
        }
        return shown.toString();
    }

    private static CharsetDecoder decoder() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }
}
