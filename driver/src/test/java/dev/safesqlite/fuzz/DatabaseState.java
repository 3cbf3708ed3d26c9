package dev.safesqlite.fuzz;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a {@code main} database holds, as SQLite itself reports it: its schema (every
 * {@code sqlite_schema} entry but the page numbers, which VACUUM may move) and the rows of
 * every table, each table's rows as a sorted list of typed values. Two states are equal when
 * a user could not tell the databases apart by their schema and contents.
 */
record DatabaseState(List<String> schema, Map<String, List<String>> tables) {

    static DatabaseState read(Connection c) throws SQLException {
        List<String> schema = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(
                     "SELECT type, name, tbl_name, sql FROM main.sqlite_schema ORDER BY type, name")) {
            while (rs.next()) {
                schema.add(rs.getString(1) + " " + rs.getString(2) + " on " + rs.getString(3) + ": " + rs.getString(4));
                if (rs.getString(1).equals("table") && !rs.getString(2).startsWith("sqlite_")) {
                    names.add(rs.getString(2));
                }
            }
        }
        Map<String, List<String>> tables = new TreeMap<>();
        for (String name : names) {
            tables.put(name, rows(c, name));
        }
        return new DatabaseState(List.copyOf(schema), tables);
    }

    private static List<String> rows(Connection c, String table) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM main." + Identifiers.quote(table))) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    Object v = rs.getObject(i);
                    row.append(i > 1 ? "|" : "");
                    if (v == null) {
                        row.append("NULL");
                    } else if (v instanceof byte[] b) {
                        row.append("x'").append(HexFormat.of().formatHex(b)).append('\'');
                    } else if (v instanceof String s) {
                        row.append('\'').append(s).append('\'');
                    } else {
                        row.append(v); // integers and reals: SQLite's type shows in the form
                    }
                }
                rows.add(row.toString());
            }
        }
        rows.sort(null);
        return rows;
    }

    boolean hasSchema() {
        return !schema.isEmpty();
    }

    int rowCount(String table) {
        List<String> rows = tables.get(table);
        return rows == null ? 0 : rows.size();
    }

    /** What happened between this state and {@code after}, counted the way SPEC section 4 counts. */
    Effect effectTo(DatabaseState after) {
        Map<String, Integer> changed = new TreeMap<>();
        List<String> emptied = new ArrayList<>();
        for (Map.Entry<String, List<String>> table : tables.entrySet()) {
            List<String> before = table.getValue();
            List<String> now = after.tables.getOrDefault(table.getKey(), List.of());
            int gone = removedOrChanged(before, now);
            if (gone > 0) changed.put(table.getKey(), gone);
            if (!before.isEmpty() && gone == before.size()) emptied.add(table.getKey());
        }
        return new Effect(!schema.equals(after.schema), changed, emptied);
    }

    /** Rows of {@code before} that are not in {@code after} (a changed row counts once), as multisets. */
    private static int removedOrChanged(List<String> before, List<String> after) {
        Map<String, Integer> left = new TreeMap<>();
        for (String row : after) left.merge(row, 1, Integer::sum);
        int gone = 0;
        for (String row : before) {
            Integer n = left.get(row);
            if (n == null || n == 0) {
                gone++;
            } else {
                left.put(row, n - 1);
            }
        }
        return gone;
    }

    String describeCounts() {
        StringBuilder sb = new StringBuilder();
        tables.forEach((t, rows) -> sb.append(sb.length() == 0 ? "" : ", ").append(t).append('=').append(rows.size()));
        return sb.toString();
    }

    /** A table's rows were removed or changed ({@code changed}, per table), or the schema changed. */
    record Effect(boolean schemaChanged, Map<String, Integer> changed, List<String> emptied) {

        int total() {
            return changed.values().stream().mapToInt(Integer::intValue).sum();
        }

        /** SPEC 4: a schema change, at least {@code bulkRows} rows, or every row of a non-empty table. */
        boolean destructive(int bulkRows) {
            return schemaChanged || total() >= bulkRows || !emptied.isEmpty();
        }

        @Override
        public String toString() {
            return (schemaChanged ? "schema of main changed; " : "")
                    + "rows removed or changed per table " + changed
                    + (emptied.isEmpty() ? "" : ", every row of " + emptied);
        }
    }
}
