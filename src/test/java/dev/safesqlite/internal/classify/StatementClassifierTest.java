package dev.safesqlite.internal.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.internal.config.Protect;
import dev.safesqlite.testing.SqliteFiles;
import dev.safesqlite.testing.StatementCorpus;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.ProgressHandler;

/** The classifier on a real database holding the corpus fixture (orders: 250 rows, customers: 3). */
class StatementClassifierTest {

    private static final Set<Protect> ALL = EnumSet.allOf(Protect.class);

    @TempDir
    Path dir;
    private Connection connection;

    @BeforeEach
    void openFixture() throws SQLException {
        connection = SqliteFiles.open(dir.resolve("app.db"));
        StatementCorpus.createFixture(connection);
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    private StatementClassifier classifier(Set<Protect> protect, long bulkRows) {
        return new StatementClassifier(connection, protect, bulkRows);
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }

    /** Counts the virtual-machine steps of every statement SQLite runs on the connection. */
    private AtomicLong countSqliteSteps() throws SQLException {
        AtomicLong steps = new AtomicLong();
        ProgressHandler.setHandler(connection, 1, new ProgressHandler() {
            @Override
            protected int progress() {
                steps.incrementAndGet();
                return 0;
            }
        });
        return steps;
    }

    @Test
    void harmlessStatementsRunNoSqlAtAll() throws SQLException {
        List<String> harmless = List.of(
                "SELECT * FROM orders WHERE id = 1",
                "INSERT INTO orders(amount) VALUES (1)",
                "INSERT INTO settings VALUES ('a', 'z') ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                "REPLACE INTO settings VALUES ('a', 'x')",
                "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT s", "RELEASE s",
                "PRAGMA user_version = 3",
                "SELECT 'DROP TABLE orders'",
                "-- DROP TABLE orders\nSELECT 1",
                "CREATE TEMP TABLE scratch(x)", "DROP TABLE temp.scratch", "DELETE FROM temp.scratch",
                "EXPLAIN DELETE FROM orders",
                "VACUUM INTO 'copy.db'",
                "backup to 'copy.db'");
        List<String> inserts = harmless.stream().filter(sql -> sql.startsWith("INSERT") || sql.startsWith("REPLACE")).toList();
        AtomicLong steps = countSqliteSteps();
        // An INSERT or REPLACE depends on its table's triggers (issue 16): they are read the first
        // time a connection writes the table, and remembered while no schema change is unsettled.
        try (StatementClassifier classifier = classifier(ALL, 100)) {
            for (String sql : inserts) {
                assertNull(classifier.classify(sql, false, null), sql);
            }
            steps.set(0);
            for (int round = 0; round < 2; round++) {
                for (String sql : inserts) {
                    assertFalse(classifier.mayBeDestructive(sql, false), sql);
                    assertNull(classifier.classify(sql, true, null), sql);
                    assertNull(classifier.classify(sql, false, new Object[] {1}), sql);
                }
            }
            assertEquals(0, steps.get());
        }
        try (StatementClassifier classifier = classifier(ALL, 100)) {
            for (int round = 0; round < 2; round++) {
                for (String sql : harmless) {
                    if (!inserts.contains(sql)) {
                        assertNull(classifier.classify(sql, true, null), sql);
                        assertNull(classifier.classify(sql, false, new Object[] {1}), sql);
                    }
                }
            }
            assertEquals(0, steps.get());

            // The handler does see the classifier's own queries when there is something to count.
            assertNotNull(classifier.classify("DELETE FROM orders", false, null));
            assertTrue(steps.get() > 0);
        }
    }

    @Test
    void kindsThatAreNotProtectedRunNoSqlAndAreNotReported() throws SQLException {
        AtomicLong steps = countSqliteSteps();
        try (StatementClassifier classifier = classifier(EnumSet.of(Protect.DDL), 100)) {
            assertNull(classifier.classify("DELETE FROM orders", true, null));
            assertNull(classifier.classify("UPDATE orders SET amount = 0", true, null));
        }
        try (StatementClassifier classifier = classifier(EnumSet.of(Protect.BULK_DELETE), 100)) {
            assertNull(classifier.classify("DROP TABLE IF EXISTS orders", true, null));
            assertNull(classifier.classify("UPDATE orders SET amount = 0", true, null));
        }
        try (StatementClassifier classifier = classifier(EnumSet.noneOf(Protect.class), 100)) {
            assertNull(classifier.classify("DROP TABLE orders; DELETE FROM orders", true, null));
        }
        assertEquals(0, steps.get());
    }

    @Test
    void aProtectedKindLaterInTheStringIsStillFound() throws SQLException {
        try (StatementClassifier classifier = classifier(EnumSet.of(Protect.BULK_DELETE), 100)) {
            Destructive verdict = classifier.classify("DROP TABLE orders_old; DELETE FROM orders", true, null);
            assertEquals(Danger.DELETE, verdict.danger());
            assertEquals("DELETE FROM orders", verdict.statement());
        }
    }

    @Test
    void theFirstDestructiveStatementIsReportedWithItsOwnText() throws SQLException {
        try (StatementClassifier classifier = classifier(ALL, 100)) {
            Destructive verdict = classifier.classify(
                    "INSERT INTO audit_log(msg) VALUES ('a;b'); /* step */ DROP TABLE IF EXISTS main.\"orders\" ; DELETE FROM orders",
                    true, null);
            assertEquals(new Destructive(Danger.DDL, "DROP TABLE IF EXISTS main.\"orders\"",
                    "DROP TABLE main.\"orders\""), verdict);
        }
    }

    @Test
    void theBulkThresholdComesFromTheSettings() throws SQLException {
        String openOrders = "DELETE FROM orders WHERE status = 'open'"; // 120 of 250 rows
        try (StatementClassifier classifier = classifier(ALL, 121)) {
            assertNull(classifier.classify(openOrders, false, null));
        }
        try (StatementClassifier classifier = classifier(ALL, 120)) {
            assertEquals("DELETE of at least 120 rows of orders", classifier.classify(openOrders, false, null).detail());
        }
        try (StatementClassifier classifier = classifier(ALL, 1000)) {
            assertEquals("UPDATE of every row (250) of orders",
                    classifier.classify("UPDATE orders SET amount = 0", false, null).detail());
        }
    }

    @Test
    void countsSeeTheOpenTransaction() throws SQLException {
        connection.setAutoCommit(false);
        execute("INSERT INTO audit_log(msg) VALUES ('a'), ('b')");
        execute("CREATE TABLE invoices(id INTEGER PRIMARY KEY)");
        try (StatementClassifier classifier = classifier(ALL, 100)) {
            assertEquals("DELETE of every row (2) of audit_log",
                    classifier.classify("DELETE FROM audit_log", false, null).detail());
            assertNull(classifier.classify("CREATE TABLE IF NOT EXISTS invoices(id)", false, null));
            execute("DELETE FROM orders WHERE id > 3");
            assertEquals("DELETE of every row (3) of orders",
                    classifier.classify("DELETE FROM orders WHERE id <= 3", false, null).detail());
        }
        connection.rollback();
    }

    @Test
    void schemaAnswersAreLookedUpAtEveryCall() throws SQLException {
        try (StatementClassifier classifier = classifier(ALL, 100)) {
            String create = "CREATE TABLE IF NOT EXISTS invoices(id)";
            String drop = "DROP TABLE IF EXISTS invoices";
            assertEquals(Danger.DDL, classifier.classify(create, false, null).danger());
            assertNull(classifier.classify(drop, false, null));
            execute(create);
            assertNull(classifier.classify(create, false, null));
            assertEquals(Danger.DDL, classifier.classify(drop, false, null).danger());
            execute("DROP TABLE invoices; CREATE TEMP TABLE invoices(id)");
            assertNull(classifier.classify(drop, false, null));
        }
    }

    @Test
    void attachedDatabasesAreSearchedAfterTempAndMain() throws SQLException {
        execute("ATTACH DATABASE '" + dir.resolve("other.db") + "' AS other");
        execute("CREATE TABLE other.archive(x); INSERT INTO other.archive VALUES (1), (2)");
        try (StatementClassifier classifier = classifier(ALL, 100)) {
            assertNull(classifier.classify("DROP TABLE IF EXISTS other.missing", false, null));
            assertNull(classifier.classify("DROP TABLE IF EXISTS nosuchschema.archive", false, null));
            assertEquals(Danger.DDL, classifier.classify("DROP TABLE IF EXISTS archive", false, null).danger());
            assertEquals(Danger.DDL, classifier.classify("DROP TABLE other.archive", false, null).danger());
            assertEquals(Danger.DDL, classifier.classify("CREATE INDEX archive_x ON archive(x)", false, null).danger());
            assertEquals("DELETE of every row (2) of other.archive",
                    classifier.classify("DELETE FROM other.archive", false, null).detail());
        }
    }

    @Test
    void aStatementThatCannotBePreparedChangesNothingWhenItRunsFirst() throws SQLException {
        try (StatementClassifier classifier = classifier(ALL, 100)) {
            assertNull(classifier.classify("DELETE FROM no_such_table", false, null));
            assertNull(classifier.classify("UPDATE orders SET x = 1 WHERE no_such_column = 1", false, null));
            // Later in a string an earlier statement could create the table: assume the worst.
            Destructive later = classifier.classify("SELECT 1; DELETE FROM no_such_table", true, null);
            assertEquals(Danger.DELETE, later.danger());
            assertTrue(later.detail().startsWith("DELETE of no_such_table, rows not counted: "), later.detail());
        }
    }

    @Test
    void anUncapturedValueInTheWhereIsAssumedTheWorst() throws SQLException {
        try (StatementClassifier classifier = classifier(ALL, 100)) {
            Destructive verdict = classifier.classify("UPDATE orders SET amount = ? WHERE customer_id = ?", false,
                    new Object[] {1, BoundValues.UNKNOWN});
            assertEquals("UPDATE of orders, rows not counted: a bound value was not captured", verdict.detail());
            assertNull(classifier.classify("UPDATE orders SET amount = ? WHERE customer_id = ?", false,
                    new Object[] {BoundValues.UNKNOWN, 9}));
            // By key the value does not matter: one row at most.
            assertNull(classifier.classify("UPDATE orders SET amount = ? WHERE id = ?", false,
                    new Object[] {1, BoundValues.UNKNOWN}));
        }
    }

    @Test
    void unboundParametersAreNullAsInSqlite() throws SQLException {
        try (StatementClassifier classifier = classifier(ALL, 100)) {
            assertNull(classifier.classify("DELETE FROM orders WHERE id = ?", false, null));
            assertNull(classifier.classify("DELETE FROM orders WHERE id <> ?2", false, new Object[] {1}));
        }
    }

    @Test
    void aChangeByUniqueKeyRunsNoSqlOnceItsPlanIsKnown() throws SQLException {
        execute("CREATE TABLE solo(id INTEGER PRIMARY KEY, email TEXT UNIQUE); INSERT INTO solo VALUES (1, 'a')");
        List<String> byKey = List.of("DELETE FROM solo WHERE id = ?", "UPDATE solo SET email = ? WHERE email = ?",
                "DELETE FROM orders WHERE id = ?", "UPDATE settings SET value = ? WHERE key = ?");
        AtomicLong steps = countSqliteSteps();
        try (StatementClassifier classifier = classifier(ALL, 100)) {
            for (String sql : byKey) {
                assertNull(classifier.classify(sql, false, new Object[] {1, "a"}), sql);
            }
            assertTrue(steps.get() > 0, "the first call reads each plan");
            steps.set(0);
            for (int round = 0; round < 3; round++) {
                for (String sql : byKey) {
                    assertNull(classifier.classify(sql, false, new Object[] {round, "a"}), sql);
                }
            }
            assertEquals(0, steps.get());
        }
    }

    /**
     * Issue 17: plain changes by unique key that take turns are each remembered. With one slot, a
     * keyed UPDATE and a keyed DELETE alternating (or, under the agent, two prepared statements,
     * judged by their SQL text) were each judged in full on every run.
     */
    @Test
    void changesByKeyTakingTurnsAreEachRemembered() throws SQLException {
        String update = "UPDATE orders SET amount = amount + 1 WHERE id = 5";
        String delete = "DELETE FROM orders WHERE id = 7";
        try (StatementClassifier classifier = classifier(ALL, 100)) {
            assertTrue(classifier.mayBeDestructive(update, false), "not judged yet");
            assertNull(classifier.classify(update, false, null));
            assertNull(classifier.classify(delete, false, null));
            assertFalse(classifier.mayBeDestructive(update, false), "remembered beside the DELETE");
            assertFalse(classifier.mayBeDestructive(delete, false));
            classifier.classify("CREATE INDEX orders_by_amount ON orders(amount)", false, null);
            execute("CREATE INDEX orders_by_amount ON orders(amount)");
            assertTrue(classifier.mayBeDestructive(update, false), "a schema change voids what was remembered");
        }
    }

    @Test
    void aSchemaChangeOnThisConnectionVoidsTheRememberedPlans() throws SQLException {
        execute("CREATE TABLE people(email TEXT); CREATE UNIQUE INDEX people_email ON people(email); "
                + "INSERT INTO people VALUES ('a')");
        String delete = "DELETE FROM people WHERE email = ?";
        try (StatementClassifier classifier = classifier(ALL, 100)) {
            assertNull(classifier.classify(delete, false, new Object[] {"a"}));
            assertNotNull(classifier.classify("DROP INDEX people_email", false, null));
            execute("DROP INDEX people_email; INSERT INTO people VALUES ('a')");
            Destructive verdict = classifier.classify(delete, false, new Object[] {"a"});
            assertEquals("DELETE of every row (2) of people", verdict.detail());
        }
    }

    @Test
    void aSchemaChangeLaterInTheSameStringVoidsThePlanReadBeforeIt() throws SQLException {
        execute("CREATE TABLE people(email TEXT); CREATE UNIQUE INDEX people_email ON people(email); "
                + "INSERT INTO people VALUES ('a')");
        try (StatementClassifier classifier = classifier(ALL, 100)) {
            String string = "DELETE FROM people WHERE email = 'a'; DROP INDEX people_email";
            assertEquals(Danger.DDL, classifier.classify(string, true, null).danger());
            execute(string);
            execute("INSERT INTO people VALUES ('a'), ('a')");
            assertEquals("DELETE of every row (2) of people",
                    classifier.classify("DELETE FROM people WHERE email = 'a'", false, null).detail());
        }
    }

    @Test
    void aSchemaChangeOnAnotherConnectionVoidsTheRememberedPlans() throws SQLException {
        execute("CREATE TABLE people(email TEXT); CREATE UNIQUE INDEX people_email ON people(email); "
                + "INSERT INTO people VALUES ('a')");
        String delete = "DELETE FROM people WHERE email = ?";
        SchemaChanges schemaChanges = new SchemaChanges();
        try (Connection other = SqliteFiles.open(dir.resolve("app.db"));
             StatementClassifier mine = new StatementClassifier(connection, ALL, 100, schemaChanges);
             StatementClassifier theirs = new StatementClassifier(other, ALL, 100, schemaChanges)) {
            assertNull(mine.classify(delete, false, new Object[] {"a"}));
            assertNotNull(theirs.classify("DROP INDEX people_email", false, null));
            try (Statement statement = other.createStatement()) {
                statement.executeUpdate("DROP INDEX people_email; INSERT INTO people VALUES ('a')");
            }
            assertEquals("DELETE of every row (2) of people",
                    mine.classify(delete, false, new Object[] {"a"}).detail());
        }
    }

    @Test
    void aPlanReadWhileAnotherConnectionsChangeIsUnderWayIsNotRemembered() throws SQLException {
        execute("CREATE TABLE people(email TEXT); CREATE UNIQUE INDEX people_email ON people(email); "
                + "INSERT INTO people VALUES ('a')");
        String delete = "DELETE FROM people WHERE email = ?";
        SchemaChanges schemaChanges = new SchemaChanges();
        try (Connection other = SqliteFiles.open(dir.resolve("app.db"));
             StatementClassifier mine = new StatementClassifier(connection, ALL, 100, schemaChanges);
             StatementClassifier theirs = new StatementClassifier(other, ALL, 100, schemaChanges)) {
            // Their DROP is judged (its backup could take seconds) but has not run yet.
            assertNotNull(theirs.classify("DROP INDEX people_email", false, null));
            assertNull(mine.classify(delete, false, new Object[] {"a"}), "the index is still there");
            // It runs, and so does an insert that the classifier does not see (it would settle
            // the change): the plan read above must not have been remembered.
            try (Statement statement = other.createStatement()) {
                statement.executeUpdate("DROP INDEX people_email");
                statement.executeUpdate("INSERT INTO people VALUES ('a')");
            }
            assertEquals("DELETE of every row (2) of people",
                    mine.classify(delete, false, new Object[] {"a"}).detail());
            // Their next statement shows the DROP ran outside any transaction: settled, and
            // plans are remembered again.
            assertNull(theirs.classify("SELECT 1", false, null));
            assertTrue(schemaChanges.settled());
        }
    }

    @Test
    void aSchemaChangeInAnExplicitTransactionSettlesWhenTheTransactionEnds() throws SQLException {
        execute("CREATE TABLE people(email TEXT); INSERT INTO people VALUES ('a')");
        String delete = "DELETE FROM people WHERE email = ?";
        SchemaChanges schemaChanges = new SchemaChanges();
        try (Connection other = SqliteFiles.open(dir.resolve("app.db"));
             StatementClassifier mine = new StatementClassifier(connection, ALL, 100, schemaChanges);
             StatementClassifier theirs = new StatementClassifier(other, ALL, 100, schemaChanges);
             Statement statement = other.createStatement()) {
            for (String sql : List.of("BEGIN", "CREATE UNIQUE INDEX people_email ON people(email)", "SELECT 1")) {
                theirs.classify(sql, false, null);
                statement.execute(sql);
            }
            // Not committed: this connection reads the old schema, and must not remember it.
            assertEquals("DELETE of every row (1) of people", mine.classify(delete, false, new Object[] {"a"}).detail());
            theirs.classify("COMMIT", false, null);
            statement.execute("COMMIT");
            assertNull(theirs.classify("SELECT 1", false, null));
            assertNull(mine.classify(delete, false, new Object[] {"a"}), "a key now");
        }
    }

    @Test
    void aSchemaChangeInAJdbcTransactionSettlesWhenTheApplicationCommits() throws SQLException {
        execute("CREATE TABLE people(email TEXT); INSERT INTO people VALUES ('a')");
        SchemaChanges schemaChanges = new SchemaChanges();
        try (Connection other = SqliteFiles.open(dir.resolve("app.db"));
             StatementClassifier theirs = new StatementClassifier(other, ALL, 100, schemaChanges);
             Statement statement = other.createStatement()) {
            other.setAutoCommit(false);
            String create = "CREATE UNIQUE INDEX people_email ON people(email)";
            assertNotNull(theirs.classify(create, false, null));
            statement.execute(create);
            assertNull(theirs.classify("SELECT 1", false, null));
            assertFalse(schemaChanges.settled(), "still inside the JDBC transaction");
            other.commit();
            theirs.transactionEnded(); // what the driver and the agent report after commit()
            assertTrue(schemaChanges.settled());
        }
    }

    @Test
    void theSameClassifierAnswersTheSameStatementDifferentlyAsValuesChange() throws SQLException {
        String sql = "DELETE FROM orders WHERE customer_id = ? OR amount > ?";
        try (StatementClassifier classifier = classifier(ALL, 100)) {
            assertNull(classifier.classify(sql, false, new Object[] {9, 2490}));
            assertEquals(Danger.DELETE, classifier.classify(sql, false, new Object[] {1, 1000}).danger());
            assertNull(classifier.classify(sql, false, new Object[] {9, 2400}));
        }
    }

    @Test
    void detailsNameWhatHappens() throws SQLException {
        try (StatementClassifier classifier = classifier(ALL, 100)) {
            assertEquals("CREATE INDEX orders_amount ON orders",
                    classifier.classify("CREATE INDEX orders_amount ON orders(amount)", false, null).detail());
            assertEquals("ALTER TABLE orders",
                    classifier.classify("ALTER TABLE orders ADD COLUMN x", false, null).detail());
            assertEquals("VACUUM", classifier.classify("vacuum", false, null).detail());
            assertEquals("restore from 'b.db'", classifier.classify("restore from 'b.db'", false, null).detail());
            assertEquals("REINDEX", classifier.classify("REINDEX", false, null).detail());
        }
    }

    @Test
    void itsKeptStatementsAreFinishedAndBlockNothing() throws SQLException {
        try (StatementClassifier classifier = classifier(ALL, 100)) {
            assertNotNull(classifier.classify("DELETE FROM orders WHERE id > ?", false, new Object[] {1}));
            assertNotNull(classifier.classify("DROP TABLE IF EXISTS customers", false, null));
            // VACUUM refuses to run while any statement of the connection is unfinished.
            execute("VACUUM");
            execute("DROP TABLE customers");
            assertNull(classifier.classify("DROP TABLE IF EXISTS customers", false, null));
        }
    }

    @Test
    void closeReleasesTheStatementsAndEndsTheClassifier() throws SQLException {
        StatementClassifier classifier = classifier(ALL, 100);
        assertNotNull(classifier.classify("DELETE FROM orders", false, null));
        classifier.close();
        classifier.close();
        assertThrows(SQLException.class, () -> classifier.classify("DELETE FROM orders", false, null));
        // Harmless SQL needs nothing the classifier held.
        assertNull(classifier.classify("SELECT 1", false, null));
    }
}
