package dev.safesqlite.agent;

import static dev.safesqlite.agent.TestClassPath.HIKARI;
import static dev.safesqlite.agent.TestClassPath.SAMPLES;
import static dev.safesqlite.agent.TestClassPath.SLF4J_API;
import static dev.safesqlite.agent.TestClassPath.SLF4J_SIMPLE;
import static dev.safesqlite.agent.TestClassPath.SQLITE_JDBC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every JDBC method by which SQL reaches sqlite-jdbc, under the agent: the destructive step is
 * preceded by exactly the backup it needs, the harmless ones by none, and a statement that cannot
 * be protected does not run.
 */
class StatementPathsIT {

    private static final int ROWS = 40;

    @TempDir
    Path tmp;

    record Path_(String step, String expectedBackup, long ordersAfter) {
        @Override
        public String toString() {
            return step;
        }
    }

    static Stream<Arguments> steps() {
        List<Path_> steps = List.of(
                new Path_("execute:DROP TABLE orders", "pre-ddl", -1),
                new Path_("update:SELECT 1; DROP TABLE orders", "pre-ddl", -1), // executeUpdate runs every statement
                new Path_("large:DELETE FROM orders", "pre-delete", 0),
                new Path_("query:DELETE FROM orders RETURNING id", "pre-delete", 0),
                new Path_("update:UPDATE orders SET qty = 0", "pre-update", ROWS),
                new Path_("batch:INSERT INTO orders(item, qty) VALUES ('x', 1);;DELETE FROM orders", "pre-delete", 0),
                new Path_("prepared:DELETE FROM orders WHERE id > ?;;0", "pre-delete", 0),
                new Path_("prepared-update:DELETE FROM orders WHERE item <> ?;;none", "pre-delete", 0),
                new Path_("prepared-batch:DELETE FROM orders WHERE id = ?;;1;;2;;3", null, ROWS - 3),
                new Path_("prepared-batch:DELETE FROM orders WHERE id >= ?;;5;;1", "pre-delete", 0),
                new Path_("prepared:DELETE FROM orders WHERE id = ?;;7", null, ROWS - 1),
                // issue 16: batches judged as a whole, REPLACE ... SELECT judged by a trial run
                new Path_("prepared-batch:DELETE FROM orders WHERE id > ? AND id <= ?;;0,8;;8,16;;16,24;;24,32;;32,40",
                        "pre-delete", 0),
                new Path_("batch:DELETE FROM orders WHERE id <= 6;;DELETE FROM orders WHERE id > 34", "pre-delete", ROWS - 12),
                new Path_("update:INSERT OR REPLACE INTO orders SELECT id, 'again', qty FROM orders", "pre-delete", ROWS),
                new Path_("execute:SELECT 'DROP TABLE orders'", null, ROWS),
                new Path_("execute:-- DROP TABLE orders\nSELECT 1", null, ROWS));
        return Jdks.all().stream().flatMap(jdk -> steps.stream().map(s -> Arguments.of(jdk, s)));
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("steps")
    void eachStatementPathIsProtectedAsItsSqlNeeds(Path jdk, Path_ step) throws Exception {
        Path db = TestDatabases.ordersDatabase(tmp.resolve("app.db"), ROWS);

        ChildRun.Result run = ChildRun.on(jdk).agent("backup.on.startup=false,bulk.rows=10")
                .classPath(SAMPLES, SQLITE_JDBC, HIKARI, SLF4J_API)
                .legacyApp("drivermanager", "jdbc:sqlite:" + db, step.step());

        assertEquals(0, run.exitCode(), run.output());
        assertEquals(step.expectedBackup() == null ? List.of() : List.of(step.expectedBackup()),
                Backups.reasons(tmp.resolve("backups")), run.output());
        assertEquals(step.ordersAfter(), Backups.rows(db, "orders"), "the statement itself ran");
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("dev.safesqlite.agent.Jdks#all")
    void aStatementThatCannotBeProtectedDoesNotRun(Path jdk) throws Exception {
        Path db = TestDatabases.ordersDatabase(tmp.resolve("app.db"), ROWS);
        Path notADirectory = Files.writeString(tmp.resolve("occupied"), "a file where the backups should go");

        ChildRun.Result run = ChildRun.on(jdk).agent("backup.on.startup=false,backup.dir=" + notADirectory)
                .classPath(SAMPLES, SQLITE_JDBC, HIKARI, SLF4J_API)
                .legacyApp("drivermanager", "jdbc:sqlite:" + db, "execute:DROP TABLE orders");

        assertEquals(3, run.exitCode(), run.output());
        assertTrue(run.printed("FAILED SS001"), run.output());
        assertEquals(ROWS, Backups.rows(db, "orders"), "the DROP did not run");
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("dev.safesqlite.agent.Jdks#all")
    void aMigrationOfSeveralDropsCostsOneBackup(Path jdk) throws Exception {
        Path db = TestDatabases.ordersDatabase(tmp.resolve("app.db"), ROWS);

        ChildRun.Result run = ChildRun.on(jdk).agent("backup.on.startup=false")
                .classPath(SAMPLES, SQLITE_JDBC, HIKARI, SLF4J_API, SLF4J_SIMPLE)
                .legacyApp("drivermanager", "jdbc:sqlite:" + db, "update:CREATE TABLE a(x); CREATE TABLE b(x)",
                        "execute:DROP TABLE a", "execute:DROP TABLE b", "execute:DROP TABLE orders");

        assertEquals(0, run.exitCode(), run.output());
        assertEquals(List.of("pre-ddl"), Backups.reasons(tmp.resolve("backups")), "coalesced: " + run.output());
        assertEquals(1, run.events("backup.created"), run.output());
        assertEquals(3, run.events("backup.reused"), run.output());
    }
}
