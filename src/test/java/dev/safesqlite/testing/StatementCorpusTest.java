package dev.safesqlite.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.internal.classify.Danger;
import dev.safesqlite.testing.StatementCorpus.Case;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the corpus against SQLite itself, so that its verdicts are facts and not opinions: each
 * runnable case really runs, and afterwards the main schema changed exactly for the DDL cases,
 * and every row of a non-empty table (or at least {@link StatementCorpus#BULK_ROWS} rows) was
 * deleted or changed exactly for the bulk cases.
 */
class StatementCorpusTest {

    @Test
    void coversEnoughCasesWithUniqueNames() {
        List<Case> all = StatementCorpus.all();
        Set<String> names = new HashSet<>();
        all.forEach(c -> assertTrue(names.add(c.name()), () -> "duplicate case name " + c.name()));
        assertTrue(all.size() >= 70, () -> all.size() + " cases");
        for (Danger danger : Danger.values()) {
            assertTrue(all.stream().filter(c -> c.expected() == danger).count() >= 10, danger::name);
        }
        assertTrue(all.stream().filter(c -> c.expected() == null).count() >= 30);
    }

    static Stream<Case> runnableCases() {
        return StatementCorpus.all().stream().filter(Case::runnable);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runnableCases")
    void verdictMatchesWhatSqliteDoes(Case c, @TempDir Path dir) throws SQLException {
        try (Connection connection = SqliteFiles.openCase(dir, c)) {
            String schemaBefore = mainSchema(connection);
            List<String> tables = snapshotMainTables(connection);

            StatementCorpus.run(connection, c);

            boolean schemaChanged = !mainSchema(connection).equals(schemaBefore);
            String verb = c.sql().strip().toUpperCase(Locale.ROOT);
            boolean changesNoSchema = verb.startsWith("VACUUM") || verb.startsWith("REINDEX");
            if (c.expected() == Danger.DDL) {
                assertTrue(schemaChanged || changesNoSchema, "the main schema did not change");
                return;
            }
            assertFalse(schemaChanged, "the main schema changed");
            if (c.byKey()) {
                // The case's premise, checked against SQLite: one row changed at most (on a
                // one-row table that holds by construction; the verdict itself is asserted by
                // the classifier's, the driver's and the agent's corpus tests).
                assertTrue(mostRowsChangedInOneTable(connection, tables) <= 1, "more than one row changed");
                return;
            }
            boolean bulk = bulkChange(connection, tables);
            if (c.expected() == null) {
                assertFalse(bulk, "every row of a table, or at least BULK_ROWS rows, changed");
            } else {
                assertTrue(bulk, "no bulk change happened");
            }
        }
    }

    private static String mainSchema(Connection connection) throws SQLException {
        StringBuilder schema = new StringBuilder();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT type, name, sql FROM main.sqlite_schema ORDER BY type, name")) {
            while (rows.next()) {
                schema.append(rows.getString(1)).append(' ').append(rows.getString(2)).append(' ')
                        .append(rows.getString(3)).append('\n');
            }
        }
        return schema.toString();
    }

    /** Copies each ordinary main table into {@code temp.before_<n>}; returns their names. */
    private static List<String> snapshotMainTables(Connection connection) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT name FROM main.sqlite_schema WHERE type = 'table' "
                    + "AND name NOT LIKE 'sqlite%' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            for (int i = 0; i < tables.size(); i++) {
                statement.executeUpdate("CREATE TEMP TABLE before_" + i + " AS SELECT * FROM main." + quote(tables.get(i)));
            }
        }
        return tables;
    }

    /** Whether some table lost or changed every one of its rows, or at least BULK_ROWS of them. */
    private static boolean bulkChange(Connection connection, List<String> tables) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (int i = 0; i < tables.size(); i++) {
                long before = single(statement, "SELECT count(*) FROM temp.before_" + i);
                long changed = single(statement, "SELECT count(*) FROM (SELECT * FROM temp.before_" + i
                        + " EXCEPT SELECT * FROM main." + quote(tables.get(i)) + ")");
                if (changed >= StatementCorpus.BULK_ROWS || (before > 0 && changed == before)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The most rows any one table lost or changed. */
    private static long mostRowsChangedInOneTable(Connection connection, List<String> tables) throws SQLException {
        long most = 0;
        try (Statement statement = connection.createStatement()) {
            for (int i = 0; i < tables.size(); i++) {
                most = Math.max(most, single(statement, "SELECT count(*) FROM (SELECT * FROM temp.before_" + i
                        + " EXCEPT SELECT * FROM main." + quote(tables.get(i)) + ")"));
            }
        }
        return most;
    }

    private static long single(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            return rows.getLong(1);
        }
    }

    private static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
