package dev.safesqlite.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * A table whose name is not valid UTF-8, as another program (the sqlite3 shell, C code) can make:
 * the bytes {@code 62 61 64 FF}. sqlite-jdbc cannot send such a name in SQL, so the name is set
 * by SQL itself ({@code CAST(X'626164FF' AS TEXT)}) in {@code sqlite_schema}.
 */
public final class NonUtf8Names {

    /** How SafeSQLite shows the name: the byte that is not UTF-8 as {@code \xFF}. */
    public static final String SHOWN = "bad\\xFF";

    private NonUtf8Names() {
    }

    /** Adds the table, with one column {@code a} and {@code rows} rows, to {@code db}. */
    public static void addTable(Path db, int rows) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE not_yet_named(a)");
            st.execute("WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < " + rows + ") "
                    + "INSERT INTO not_yet_named SELECT i FROM s");
            st.execute("PRAGMA writable_schema = ON");
            st.executeUpdate("UPDATE sqlite_schema SET name = CAST(X'626164FF' AS TEXT), tbl_name = CAST(X'626164FF' AS TEXT),"
                    + " sql = 'CREATE TABLE \"' || CAST(X'626164FF' AS TEXT) || '\"(a)' WHERE name = 'not_yet_named'");
            st.execute("PRAGMA writable_schema = RESET");
        }
    }

    /** How many rows the table has, read without its name passing through Java (SQLite's dbstat). */
    public static long rows(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT coalesce(sum(ncell), -1) FROM dbstat WHERE name = CAST(X'626164FF' AS TEXT)"
                     + " AND pagetype = 'leaf'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
