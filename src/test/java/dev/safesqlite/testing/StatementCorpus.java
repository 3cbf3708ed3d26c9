package dev.safesqlite.testing;

import dev.safesqlite.internal.classify.BoundValues;
import dev.safesqlite.internal.classify.Danger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * SQL with the protection verdict SPEC section 4 demands for it, shared by the classifier's
 * tests and by the driver's and agent's, which run the same cases through their own fronts.
 *
 * <p>To run a case: {@link #createDatabase} on a new database file through a plain, unprotected
 * {@code jdbc:sqlite:} connection (the fixture itself is DDL); open the connection under test;
 * {@link #prepareSession} on it (temp objects only: never destructive); then {@link #run} the
 * case on it, and expect a backup with reason {@code expected().reason()}, or none when
 * {@code expected()} is null. Bulk cases assume {@code bulk.rows} = {@link #BULK_ROWS} and
 * every kind of protection switched on.
 *
 * <p>The fixture ({@link #FIXTURE}): {@code orders} has 250 rows, ids 1 to 250, 120 of them
 * {@code 'open'}, the rest {@code 'done'}, {@code customer_id = 1 + id % 3}; {@code customers}
 * 3 rows; {@code "Order Lines"} 5 rows; {@code settings} (WITHOUT ROWID) 4 rows;
 * {@code audit_log} none, filled by a trigger on every DELETE of orders.
 */
public final class StatementCorpus {

    /** The {@code bulk.rows} setting the cases are written for. */
    public static final long BULK_ROWS = 100;

    public static final String FIXTURE = """
            CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT NOT NULL, country TEXT);
            INSERT INTO customers VALUES (1, 'Ada', 'UK'), (2, 'Grace', 'US'), (3, 'Linus', 'FI');
            CREATE TABLE orders(id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id),
                                amount INTEGER, status TEXT);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 250)
              INSERT INTO orders SELECT i, 1 + i % 3, i * 10, CASE WHEN i <= 120 THEN 'open' ELSE 'done' END FROM n;
            CREATE INDEX orders_customer ON orders(customer_id);
            CREATE TABLE "Order Lines"(id INTEGER PRIMARY KEY, order_id INTEGER, qty INTEGER);
            INSERT INTO "Order Lines" VALUES (1, 1, 2), (2, 1, 1), (3, 2, 5), (4, 3, 1), (5, 4, 2);
            CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
            INSERT INTO settings VALUES ('a', '1'), ('b', '2'), ('c', '3'), ('d', '4');
            CREATE TABLE audit_log(id INTEGER PRIMARY KEY, msg TEXT);
            CREATE VIEW open_orders AS SELECT * FROM orders WHERE status = 'open';
            CREATE TRIGGER orders_audit AFTER DELETE ON orders BEGIN
              INSERT INTO audit_log(msg) VALUES ('deleted ' || old.id);
            END;
            """;

    private static final String SOLO = "CREATE TABLE solo(id INTEGER PRIMARY KEY, name TEXT); "
            + "INSERT INTO solo VALUES (1, 'only');";
    private static final String USERS = "CREATE TABLE users(id INTEGER PRIMARY KEY, email TEXT UNIQUE, team TEXT, "
            + "login TEXT, UNIQUE(team, login)); "
            + "INSERT INTO users VALUES (1, 'a@example.org', 't', 'ann'), (2, 'b@example.org', 't', 'bob');";
    private static final String TEMP_SCRATCH = "CREATE TEMP TABLE scratch AS SELECT * FROM orders";
    private static final Object UNKNOWN = BoundValues.UNKNOWN;

    /**
     * One SQL string and its verdict.
     *
     * @param setup         extra persistent objects, created after {@link #FIXTURE}; may be empty
     * @param sessionSetup  temp objects to create on the connection under test; may be empty
     * @param allStatements run with {@code executeUpdate} (every statement) rather than
     *                      {@code execute} (the first only)
     * @param params        values for a {@code PreparedStatement}, or null for a plain Statement
     * @param expected      the danger a backup must be taken for, or null for none
     * @param detail        a fragment the classifier's explanation must contain, or null
     * @param runnable      false when the SQL cannot run as written: it names files, holds a value
     *                      a front cannot capture ({@link BoundValues#UNKNOWN}), or fails
     * @param byKey         a change by unique key, harmless even when it changes a one-row table's
     *                      only row (README "Decisions"): SQLite must show it changed one row at most
     */
    public record Case(String name, String setup, String sessionSetup, String sql, boolean allStatements,
                       Object[] params, Danger expected, String detail, boolean runnable, boolean byKey) {

        Case withSetup(String sql) {
            return new Case(name, sql, sessionSetup, this.sql, allStatements, params, expected, detail, runnable, byKey);
        }

        Case withSession(String sql) {
            return new Case(name, setup, sql, this.sql, allStatements, params, expected, detail, runnable, byKey);
        }

        Case runAll() {
            return new Case(name, setup, sessionSetup, sql, true, params, expected, detail, runnable, byKey);
        }

        Case params(Object... values) {
            boolean capturable = List.of(values).stream().noneMatch(v -> v == UNKNOWN);
            return new Case(name, setup, sessionSetup, sql, allStatements, values, expected, detail,
                    runnable && capturable, byKey);
        }

        Case detail(String fragment) {
            return new Case(name, setup, sessionSetup, sql, allStatements, params, expected, fragment, runnable, byKey);
        }

        Case byUniqueKey() {
            return new Case(name, setup, sessionSetup, sql, allStatements, params, expected, detail, runnable, true);
        }

        Case notRunnable() {
            return new Case(name, setup, sessionSetup, sql, allStatements, params, expected, detail, false, byKey);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private StatementCorpus() {
    }

    /** Creates the fixture and the case's own objects; run it on an unprotected connection. */
    public static void createDatabase(Connection connection, Case c) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate(FIXTURE + c.setup());
        }
    }

    /** Creates the {@link #FIXTURE} alone; run it on an unprotected connection. */
    public static void createFixture(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate(FIXTURE);
        }
    }

    /** Creates the case's temp objects on the connection under test. */
    public static void prepareSession(Connection connection, Case c) throws SQLException {
        if (!c.sessionSetup().isEmpty()) {
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate(c.sessionSetup());
            }
        }
    }

    /** Runs the case's SQL the way it says: prepared with its values, or every statement, or the first. */
    public static void run(Connection connection, Case c) throws SQLException {
        if (c.params() != null) {
            try (PreparedStatement statement = connection.prepareStatement(c.sql())) {
                for (int i = 0; i < c.params().length; i++) {
                    statement.setObject(i + 1, c.params()[i]);
                }
                statement.execute();
            }
        } else {
            try (Statement statement = connection.createStatement()) {
                if (c.allStatements()) {
                    statement.executeUpdate(c.sql());
                } else {
                    statement.execute(c.sql());
                }
            }
        }
    }

    private static Case harmless(String name, String sql) {
        return new Case(name, "", "", sql, false, null, null, null, true, false);
    }

    private static Case danger(Danger danger, String name, String sql) {
        return new Case(name, "", "", sql, false, null, danger, null, true, false);
    }

    private static Case ddl(String name, String sql) {
        return danger(Danger.DDL, name, sql);
    }

    private static Case delete(String name, String sql) {
        return danger(Danger.DELETE, name, sql);
    }

    private static Case update(String name, String sql) {
        return danger(Danger.UPDATE, name, sql);
    }

    public static List<Case> all() {
        return List.of(
                // Text that only looks destructive.
                harmless("select", "SELECT * FROM orders WHERE id = 1"),
                harmless("string literal holding DROP", "SELECT 'DROP TABLE orders'"),
                harmless("string literal holding ; and DROP, all statements",
                        "SELECT 'x; DROP TABLE orders; --', 'it''s; DELETE FROM orders'").runAll(),
                harmless("line comment holding DROP", "-- DROP TABLE orders\nSELECT 1"),
                harmless("trailing line comment holding DROP, all statements",
                        "SELECT 1 -- ; DROP TABLE orders").runAll(),
                harmless("block comment holding DELETE, all statements",
                        "/* DELETE FROM orders; */ SELECT count(*) FROM orders").runAll(),
                harmless("quoted identifiers named like DDL, all statements",
                        "SELECT 1 AS \"DROP TABLE orders;\", 2 AS [DELETE FROM orders;], 3 AS `VACUUM;`")
                        .runAll(),
                harmless("blob and numbers", "SELECT x'44524f50', 1e-3, 0x1F, .5 FROM orders WHERE id = 1"),
                harmless("comments only, all statements", "/* nothing */ -- at all").runAll(),

                // Statements that never destroy.
                harmless("insert", "INSERT INTO orders(customer_id, amount, status) VALUES (1, 5, 'open')"),
                harmless("insert or replace", "INSERT OR REPLACE INTO customers VALUES (1, 'Ada L.', 'UK')"),
                harmless("replace into", "REPLACE INTO settings VALUES ('a', 'x')"),
                harmless("upsert", "INSERT INTO settings VALUES ('a', 'z') "
                        + "ON CONFLICT(key) DO UPDATE SET value = excluded.value"),
                harmless("insert every row from select", "INSERT INTO audit_log(msg) SELECT status FROM orders"),
                harmless("transaction control, all statements", "BEGIN; SAVEPOINT s; RELEASE s; COMMIT").runAll(),
                harmless("pragma", "PRAGMA user_version = 7"),
                harmless("explain delete", "EXPLAIN DELETE FROM orders"),
                harmless("explain query plan drop", "EXPLAIN QUERY PLAN DROP TABLE orders"),
                harmless("sqlite-jdbc backup command", "backup to 'copy.db'").notRunnable(),
                harmless("restore not at the very start is no command", " restore from 'copy.db'").notRunnable(),
                harmless("vacuum into a copy", "VACUUM INTO 'copy.db'").notRunnable(),
                harmless("vacuum of the temp schema", "VACUUM temp"),

                // A few rows, by key or by a narrow WHERE.
                harmless("delete by key", "DELETE FROM orders WHERE id = 7"),
                harmless("delete by bound key", "DELETE FROM orders WHERE id = ?").params(7),
                harmless("delete by named key", "DELETE FROM orders WHERE id = :id").params(7),
                harmless("update by key", "UPDATE orders SET status = 'paid' WHERE id = 7"),
                harmless("update by bound key, SET value not captured",
                        "UPDATE orders SET status = ? WHERE id = ?").params(UNKNOWN, 7),
                harmless("delete matching nothing", "DELETE FROM orders WHERE amount < 0"),
                harmless("delete every row of an empty table", "DELETE FROM audit_log"),
                harmless("delete just below the threshold", "DELETE FROM orders WHERE id < 100"),
                harmless("update just below the threshold",
                        "UPDATE orders SET amount = amount + 1 WHERE id BETWEEN 1 AND 99"),
                harmless("delete some rows of a small table", "DELETE FROM customers WHERE id IN (1, 2)"),
                harmless("delete by key through a CTE",
                        "WITH doomed AS (SELECT 7 AS id) DELETE FROM orders WHERE id IN (SELECT id FROM doomed)"),
                harmless("delete by key returning", "DELETE FROM orders WHERE id = 7 RETURNING id, amount"),
                harmless("update from, by key", "UPDATE orders SET status = c.country FROM customers AS c "
                        + "WHERE c.id = orders.customer_id AND orders.id = 5"),
                harmless("update from joining many rows to one target row",
                        "UPDATE customers SET name = 'x' || o.id FROM orders AS o WHERE customers.id = 1"),
                harmless("delete order by limit, few rows",
                        "DELETE FROM orders WHERE status = 'done' ORDER BY id LIMIT 5"),
                harmless("delete order by limit, not every row of a small table",
                        "DELETE FROM customers ORDER BY id LIMIT 2"),
                harmless("update or replace by key", "UPDATE OR REPLACE customers SET name = 'Ada' WHERE id = 1"),
                harmless("delete from a quoted table by key", "DELETE FROM \"Order Lines\" WHERE id = 3"),
                harmless("update with IS DISTINCT FROM in SET",
                        "UPDATE orders SET status = amount IS DISTINCT FROM 0 WHERE id < 10"),
                harmless("returning parameter of a keyed update",
                        "UPDATE orders SET amount = ? WHERE id = ? RETURNING id, ?").params(1, 7, "x"),

                // Temp objects.
                harmless("create temp table", "CREATE TEMP TABLE scratch(x)"),
                harmless("create temporary view", "CREATE TEMPORARY VIEW v AS SELECT 1"),
                harmless("create table in the temp schema", "CREATE TABLE temp.scratch(x)"),
                harmless("create table in a quoted TEMP schema", "CREATE TABLE \"TEMP\".scratch(x)"),
                harmless("drop an unqualified temp table", "DROP TABLE scratch").withSession(TEMP_SCRATCH),
                harmless("drop a temp table that shadows a main one", "DROP TABLE orders")
                        .withSession("CREATE TEMP TABLE orders(x)"),
                harmless("drop a temp-qualified table", "DROP TABLE temp.scratch").withSession(TEMP_SCRATCH),
                harmless("create index on a temp table", "CREATE INDEX scratch_amount ON scratch(amount)")
                        .withSession(TEMP_SCRATCH),
                harmless("create trigger on a temp table", "CREATE TRIGGER scratch_trg AFTER INSERT ON scratch "
                        + "BEGIN DELETE FROM scratch; END").withSession(TEMP_SCRATCH),
                harmless("temp trigger whose body deletes",
                        "CREATE TEMP TRIGGER t_del AFTER INSERT ON orders BEGIN DELETE FROM orders; END"),
                harmless("alter an unqualified temp table", "ALTER TABLE scratch ADD COLUMN note TEXT")
                        .withSession(TEMP_SCRATCH),
                harmless("bulk delete of a temp table", "DELETE FROM scratch").withSession(TEMP_SCRATCH),
                harmless("bulk update of a temp-qualified table", "UPDATE temp.scratch SET amount = 0")
                        .withSession(TEMP_SCRATCH),

                // IF [NOT] EXISTS that changes nothing, and that does.
                harmless("create table if not exists, exists", "CREATE TABLE IF NOT EXISTS orders(id INTEGER PRIMARY KEY)"),
                harmless("create table if not exists, other case and quotes", "create table if not exists \"ORDERS\"(id)"),
                harmless("create index if not exists, exists",
                        "CREATE INDEX IF NOT EXISTS orders_customer ON orders(customer_id)"),
                harmless("create view if not exists, exists", "CREATE VIEW IF NOT EXISTS open_orders AS SELECT 1"),
                harmless("create trigger if not exists, exists", "CREATE TRIGGER IF NOT EXISTS orders_audit "
                        + "AFTER DELETE ON orders BEGIN SELECT 1; END"),
                harmless("drop table if exists, missing", "DROP TABLE IF EXISTS no_such_table"),
                harmless("drop schema-qualified table if exists, missing", "DROP TABLE IF EXISTS main.no_such_table"),
                harmless("drop index if exists, missing", "DROP INDEX IF EXISTS no_such_index"),
                harmless("drop view if exists, missing", "DROP VIEW IF EXISTS no_such_view"),
                harmless("drop trigger if exists, missing", "DROP TRIGGER IF EXISTS no_such_trigger"),
                ddl("create table if not exists, missing", "CREATE TABLE IF NOT EXISTS invoices(id INTEGER PRIMARY KEY)")
                        .detail("CREATE TABLE invoices"),
                ddl("create index if not exists, missing", "CREATE INDEX IF NOT EXISTS orders_amount ON orders(amount)"),
                ddl("drop table if exists, exists", "DROP TABLE IF EXISTS orders"),
                ddl("drop view if exists, exists", "DROP VIEW IF EXISTS open_orders"),

                // DDL.
                ddl("drop table", "DROP TABLE orders").detail("DROP TABLE orders"),
                ddl("drop table, lower case", "drop table orders"),
                ddl("drop table, schema-qualified", "DROP TABLE main.orders").detail("main.orders"),
                ddl("drop table, double-quoted", "DROP TABLE \"orders\""),
                ddl("drop table, bracket-quoted", "DROP TABLE [orders]"),
                ddl("drop table, backquoted and mixed case", "DROP TABLE `Orders`"),
                ddl("drop table with a space in its name", "DROP TABLE \"Order Lines\""),
                ddl("drop view", "DROP VIEW open_orders"),
                ddl("drop index", "DROP INDEX orders_customer"),
                ddl("drop trigger", "DROP TRIGGER orders_audit"),
                ddl("create table", "CREATE TABLE invoices(id INTEGER PRIMARY KEY, total INTEGER)"),
                ddl("create table as select", "CREATE TABLE orders_copy AS SELECT * FROM orders"),
                ddl("create unique index", "CREATE UNIQUE INDEX orders_amount ON orders(amount)"),
                ddl("create view", "CREATE VIEW done_orders AS SELECT * FROM orders WHERE status = 'done'"),
                ddl("create trigger with ; DELETE and CASE END in its body",
                        "CREATE TRIGGER orders_trim AFTER INSERT ON orders BEGIN "
                                + "DELETE FROM orders WHERE id = new.id - 1000; "
                                + "UPDATE customers SET country = CASE WHEN new.amount > 0 THEN 'X' END WHERE id = 0; "
                                + "END"),
                ddl("create virtual table", "CREATE VIRTUAL TABLE notes USING fts5(body)"),
                ddl("alter table add column", "ALTER TABLE orders ADD COLUMN note TEXT"),
                ddl("alter table rename", "ALTER TABLE orders RENAME TO orders_old"),
                ddl("alter table drop column, qualified and quoted", "ALTER TABLE main.\"Order Lines\" DROP COLUMN qty"),
                ddl("create index on a main table while temp objects exist", "CREATE INDEX orders_amount ON orders(amount)")
                        .withSession(TEMP_SCRATCH),
                ddl("vacuum", "VACUUM"),
                ddl("vacuum main", "VACUUM main"),
                ddl("reindex", "REINDEX orders"),
                ddl("sqlite-jdbc restore command", "restore from 'backup.db'").notRunnable(),
                ddl("restore command, upper case with a database name", "RESTORE main FROM \"backup.db\"").notRunnable(),
                ddl("DDL after a block comment", "/* migrate */ DROP TABLE orders"),
                ddl("DDL after a line comment", "-- step 2\nDROP TABLE orders"),
                ddl("DDL after empty statements, first statement only", ";; DROP TABLE orders"),

                // Bulk DELETE and UPDATE.
                delete("delete without WHERE", "DELETE FROM orders").detail("DELETE of at least 100 rows of orders"),
                delete("delete WHERE 1=1, lower case", "delete from orders where 1=1"),
                delete("delete, schema-qualified", "DELETE FROM main.orders"),
                delete("delete matching many rows", "DELETE FROM \"orders\" WHERE status = 'open'"),
                delete("delete at the threshold", "DELETE FROM orders WHERE id <= 100"),
                update("update at the threshold", "UPDATE orders SET amount = 0 WHERE id <= 100"),
                delete("delete every row of a small table", "DELETE FROM customers")
                        .detail("DELETE of every row (3) of customers"),
                delete("delete every row of a small table by key", "DELETE FROM customers WHERE id IN (1, 2, 3)"),
                // A change by unique key touches one row at most: never bulk, even a one-row
                // table's only row (README "Decisions"); any other WHERE is judged by its count.
                harmless("delete the only row of a one-row table by bound key", "DELETE FROM solo WHERE id = ?")
                        .params(1).withSetup(SOLO).byUniqueKey(),
                harmless("update the only row of a one-row table by literal key", "UPDATE solo SET id = 2 WHERE id = 1")
                        .withSetup(SOLO).byUniqueKey(),
                // A parenthesised, uncorrelated scalar subquery is one value: SQLite's plan searches
                // the key with it (issue 17). A correlated one gives each row its own value, and
                // the plan shows a scan: it is counted like any other WHERE.
                harmless("delete the only row of a one-row table by key from a scalar subquery",
                        "DELETE FROM solo WHERE id = (SELECT max(id) FROM solo)").withSetup(SOLO).byUniqueKey(),
                harmless("update by key from a scalar subquery with a bound value",
                        "UPDATE orders SET status = 'paid' WHERE id = (SELECT max(id) FROM orders WHERE amount > ?)")
                        .params(0),
                delete("delete by key from a correlated scalar subquery",
                        "DELETE FROM solo WHERE id = (SELECT max(s.id) FROM solo AS s WHERE s.name = solo.name)")
                        .withSetup(SOLO).detail("DELETE of every row (1) of solo"),
                delete("delete many rows by key from a correlated scalar subquery",
                        "DELETE FROM orders WHERE id = (SELECT o.id FROM orders AS o WHERE o.id = orders.id)")
                        .detail("DELETE of at least 100 rows of orders"),
                delete("delete by key compared with a scalar subquery and more", "DELETE FROM solo WHERE id = (SELECT 1) + 0")
                        .withSetup(SOLO).detail("DELETE of every row (1) of solo"),
                delete("delete the only row of a one-row table by a column that is not a key",
                        "DELETE FROM solo WHERE name = ?").params("only").withSetup(SOLO)
                        .detail("DELETE of every row (1) of solo"),
                delete("delete by key through an IN list", "DELETE FROM solo WHERE id IN (?)").params(1).withSetup(SOLO)
                        .detail("DELETE of every row (1) of solo"),
                delete("delete by key with arithmetic on the value", "DELETE FROM solo WHERE id = ? + 0").params(1)
                        .withSetup(SOLO).detail("DELETE of every row (1) of solo"),
                delete("delete by keys joined with OR", "DELETE FROM customers WHERE id = 1 OR id = 2 OR id = 3")
                        .detail("DELETE of every row (3) of customers"),
                harmless("delete by a UNIQUE column", "DELETE FROM users WHERE email = ?")
                        .params("a@example.org").withSetup(USERS),
                harmless("update by every column of a composite UNIQUE, reversed and ==",
                        "UPDATE users SET email = NULL WHERE login = ? AND ? == team").params("ann", "t").withSetup(USERS),
                harmless("delete by a UNIQUE column of a one-row table", "DELETE FROM users WHERE email = ?")
                        .params("a@example.org").withSetup(USERS + "DELETE FROM users WHERE id = 2;").byUniqueKey(),
                update("update by part of a composite UNIQUE", "UPDATE users SET email = NULL WHERE team = ?")
                        .params("t").withSetup(USERS).detail("UPDATE of every row (2) of users"),
                delete("an alias that reads like query-plan text", "DELETE FROM keyed AS \"q USING PRIMARY KEY (z=?)\" WHERE a = 1")
                        .withSetup("CREATE TABLE keyed(id TEXT PRIMARY KEY, a); CREATE INDEX keyed_a ON keyed(a); "
                                + "INSERT INTO keyed VALUES ('x', 1), ('y', 1), ('z', 1);")
                        .detail("DELETE of every row (3) of keyed"),
                update("a column name that reads like two constraints", "UPDATE odd SET c = 1 WHERE \"x=? AND y\" = 1")
                        .withSetup("CREATE TABLE odd(\"x=? AND y\", b, c); CREATE UNIQUE INDEX odd_key ON odd(\"x=? AND y\", b); "
                                + "INSERT INTO odd VALUES (1, 1, 0), (1, 2, 0), (1, 3, 0);")
                        .detail("UPDATE of every row (3) of odd"),
                harmless("update by key of a one-row WITHOUT ROWID table", "UPDATE kv SET v = ? WHERE k = ?")
                        .params("y", "only").withSetup("CREATE TABLE kv(k TEXT PRIMARY KEY, v) WITHOUT ROWID; "
                                + "INSERT INTO kv VALUES ('only', 'x');").byUniqueKey(),
                delete("a unique index of another collation is no key for the WHERE", "DELETE FROM people WHERE name = ?")
                        .params("ann").withSetup("CREATE TABLE people(name TEXT COLLATE NOCASE); "
                                + "CREATE UNIQUE INDEX people_name ON people(name COLLATE BINARY); "
                                + "INSERT INTO people VALUES ('ann'), ('ANN');")
                        .detail("DELETE of every row (2) of people"),
                delete("a partial unique index is no key", "DELETE FROM tags WHERE name = ?").params("a")
                        .withSetup("CREATE TABLE tags(id INTEGER, name TEXT); "
                                + "CREATE UNIQUE INDEX tags_name ON tags(name) WHERE name IS NOT NULL; "
                                + "INSERT INTO tags VALUES (1, 'a');")
                        .detail("DELETE of every row (1) of tags"),
                harmless("delete one row by key of a two-row table", "DELETE FROM duo WHERE id = ?")
                        .params(1).withSetup("CREATE TABLE duo(id INTEGER PRIMARY KEY); INSERT INTO duo VALUES (1), (2);"),
                harmless("update by key with no match in a one-row table", "UPDATE solo SET id = 5 WHERE id = ?")
                        .params(9).withSetup(SOLO),
                update("update every row of a quoted table", "UPDATE \"Order Lines\" SET qty = 0")
                        .detail("UPDATE of every row (5) of \"Order Lines\""),
                delete("delete every row of a WITHOUT ROWID table", "DELETE FROM settings"),
                delete("delete with a bound value", "DELETE FROM orders WHERE status = ?").params("open"),
                delete("numbered parameters", "DELETE FROM orders WHERE id >= ?2 AND id <= ?1").params(250, 1),
                update("SET parameters do not shift the WHERE ones",
                        "UPDATE orders SET status = ?, amount = ? WHERE id >= ? AND id <= ?").params("x", 1, 1, 250),
                delete("named parameters of every prefix",
                        "DELETE FROM orders WHERE id >= :lo AND id <= @hi AND status = $st").params(1, 250, "open"),
                update("a named parameter used twice",
                        "UPDATE orders SET amount = :amt WHERE id >= :lo AND amount <> :amt").params(5, 1),
                delete("a WHERE value that was not captured", "DELETE FROM orders WHERE status = ?").params(UNKNOWN)
                        .detail("not captured"),
                harmless("a change by key needs no bound value", "DELETE FROM orders WHERE id = ?").params(UNKNOWN),
                delete("delete through a CTE", "WITH old AS (SELECT id FROM orders WHERE status = 'done') "
                        + "DELETE FROM orders WHERE id IN old"),
                delete("a CTE named like the table it deletes from",
                        "WITH orders AS (SELECT 1 AS id) DELETE FROM orders").detail("rows not counted"),
                update("update through a recursive CTE", "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL "
                        + "SELECT i + 1 FROM n WHERE i < 200) UPDATE orders SET amount = -1 WHERE id IN n"),
                delete("delete returning", "DELETE FROM orders RETURNING *"),
                update("update returning a parameter",
                        "UPDATE orders SET amount = ? WHERE status = ? RETURNING id, ?").params(1, "open", "x"),
                delete("delete order by limit, many rows", "DELETE FROM orders ORDER BY id DESC LIMIT 150"),
                update("update or replace", "UPDATE OR REPLACE orders SET status = 'archived' WHERE status = 'done'"),
                update("update from", "UPDATE orders SET status = c.country FROM customers AS c "
                        + "WHERE c.id = orders.customer_id"),
                delete("delete with an alias", "DELETE FROM orders AS o WHERE o.amount > 0"),
                delete("delete indexed by", "DELETE FROM orders INDEXED BY orders_customer WHERE customer_id > 0"),
                delete("a WHERE that happens to match many rows", "DELETE FROM orders WHERE customer_id IN (1, 2)"),
                update("update without WHERE", "UPDATE orders SET status = 'x'"),

                // Several statements in one string.
                harmless("execute runs only the first statement", "SELECT 1; DROP TABLE orders"),
                ddl("executeUpdate runs them all", "SELECT 1; DROP TABLE orders").runAll(),
                delete("executeUpdate: an insert, then a bulk delete",
                        "INSERT INTO audit_log(msg) VALUES ('x'); DELETE FROM orders").runAll(),
                harmless("executeUpdate: a temp trigger's body, then a select",
                        "CREATE TEMP TRIGGER trg AFTER UPDATE ON orders BEGIN DELETE FROM orders WHERE id = old.id; "
                                + "UPDATE customers SET name = CASE WHEN 1 THEN 'a' END; END; SELECT 1").runAll(),
                ddl("executeUpdate: a trigger, then a select",
                        "CREATE TRIGGER trg AFTER UPDATE ON orders BEGIN SELECT 1; END; SELECT 1").runAll(),
                harmless("executeUpdate: a migration run at every start", """
                        CREATE TABLE IF NOT EXISTS orders(id INTEGER PRIMARY KEY);
                        CREATE INDEX IF NOT EXISTS orders_customer ON orders(customer_id);
                        DELETE FROM customers WHERE id = 2;
                        """).runAll(),
                update("executeUpdate: the bulk statement comes last",
                        "UPDATE orders SET amount = 1 WHERE id = 1; UPDATE orders SET amount = 2").runAll(),
                delete("a table created by the case's own setup", "DELETE FROM archive")
                        .withSetup("CREATE TABLE archive(x); INSERT INTO archive VALUES (1), (2);"));
    }
}
