package dev.safesqlite.fuzz;

import dev.safesqlite.fuzz.BoundValue.Setter;
import dev.safesqlite.fuzz.Call.Step;
import dev.safesqlite.fuzz.Call.Tag;
import dev.safesqlite.fuzz.FuzzSchema.Kind;
import dev.safesqlite.fuzz.FuzzSchema.Table;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Random calls on a {@link FuzzSchema}: every statement shape of issue 16 (REPLACE and upserts
 * over a SELECT, batches of range DELETEs, LIMIT, values bound with every setter, NUL in the SQL,
 * cascades, triggers, UPDATE OR REPLACE, several statements in one string, CTEs, RETURNING,
 * comments, odd and schema-qualified names), harmless ones and DDL, each through a random JDBC
 * path that can send it. It peeks at the raw copy (id ranges, read-only) to aim its ranges.
 */
final class StatementGenerator {

    private final Random rnd;
    private final FuzzSchema schema;
    private final Connection peek;
    private int extra;

    StatementGenerator(Random rnd, FuzzSchema schema, Connection peek) {
        this.rnd = rnd;
        this.schema = schema;
        this.peek = peek;
    }

    Call next(DatabaseState state) throws SQLException {
        List<Table> present = schema.tables.stream().filter(t -> state.tables().containsKey(t.name())).toList();
        List<Table> items = present.stream().filter(t -> t.kind() == Kind.ITEMS).toList();
        if (present.isEmpty()) return ddl(null, state);
        Table any = present.get(rnd.nextInt(present.size()));
        Table it = items.isEmpty() ? null : items.get(rnd.nextInt(items.size()));
        int pick = rnd.nextInt(100);
        if (it == null && pick < 70) pick = 70 + rnd.nextInt(30);
        if (pick < 6) return plainDelete(any);
        if (pick < 12) return whereDelete(it);
        if (pick < 18) return limited(it);
        if (pick < 25) return update(it);
        if (pick < 32) return replaceOrUpsert(it);
        if (pick < 39) return bound(it);
        if (pick < 45) return rangeBatch(any);
        if (pick < 51) return severalInOneString(any);
        if (pick < 55) return cte(it);
        if (pick < 60) return returning(it);
        if (pick < 63) return nul(any);
        if (pick < 70) return cascadeOrTrigger(state);
        if (pick < 80) return keyed(any);
        if (pick < 86) return insert(any);
        if (pick < 90) return harmlessSelect(any);
        return ddl(any, state);
    }

    // ---- shapes that may remove or change many rows ----

    private Call plainDelete(Table t) {
        String sql = switch (rnd.nextInt(6)) {
            case 0 -> "DELETE FROM " + ref(t);
            case 1 -> "DELETE FROM " + ref(t) + " WHERE 1=1";
            case 2 -> "delete from " + ref(t) + " -- WHERE id = 1";
            case 3 -> "/* WHERE id = 1 */ DELETE FROM " + ref(t) + " WHERE true";
            case 4 -> "DELETE FROM " + ref(t) + " WHERE id > 0 /* AND id = 1 */";
            default -> "DELETE FROM " + ref(t) + " WHERE 'WHERE id = 1' <> ''";
        };
        return one("plain DELETE", sql, t);
    }

    private Call whereDelete(Table t) throws SQLException {
        long[] r = ids(t);
        String sql = switch (rnd.nextInt(6)) {
            case 0 -> "DELETE FROM " + ref(t) + " WHERE status = 'done'";
            case 1 -> "DELETE FROM " + ref(t) + " WHERE qty > " + rnd.nextInt(10);
            case 2 -> "DELETE FROM " + ref(t) + " WHERE id < " + (r[0] + rnd.nextInt((int) Math.max(1, r[2] + 1)));
            case 3 -> "DELETE FROM " + ref(t) + " WHERE id BETWEEN " + r[0] + " AND " + (r[0] + rnd.nextInt(80));
            case 4 -> "DELETE FROM " + ref(t) + " WHERE " + note(t) + " = " + rnd.nextInt(4);
            // a correlated scalar subquery gives each row its own key: every row here (issue 17)
            default -> "DELETE FROM " + ref(t) + " WHERE id = (SELECT s.id FROM " + ref(t) + " AS s WHERE s.id = "
                    + ref(t) + ".id)";
        };
        return one("DELETE with a WHERE", sql, t);
    }

    private Call limited(Table t) {
        int n = rnd.nextInt(3) == 0 ? -1 : rnd.nextInt(120);
        String sql = switch (rnd.nextInt(5)) {
            case 0 -> "DELETE FROM " + ref(t) + " WHERE status = 'done' LIMIT " + n;
            case 1 -> "DELETE FROM " + ref(t) + " WHERE qty >= 0 ORDER BY id LIMIT " + n;
            case 2 -> "UPDATE " + ref(t) + " SET qty = qty + 1 WHERE qty >= 0 LIMIT " + n;
            case 3 -> "UPDATE " + ref(t) + " SET status = 'old' WHERE id > 0 ORDER BY id DESC LIMIT " + n + " OFFSET 1";
            default -> "DELETE FROM " + ref(t) + " WHERE id IN (SELECT id FROM " + ref(t) + " LIMIT " + n + ")";
        };
        return one("DELETE/UPDATE with LIMIT", sql, t);
    }

    private Call update(Table t) throws SQLException {
        long[] r = ids(t);
        String sql = switch (rnd.nextInt(6)) {
            case 0 -> "UPDATE " + ref(t) + " SET qty = qty + 1";
            case 1 -> "UPDATE " + ref(t) + " SET status = 'x' WHERE status = 'open'";
            case 2 -> "UPDATE OR REPLACE " + ref(t) + " SET name = 'n" + r[0] + "' WHERE id > " + (r[0] + rnd.nextInt(5));
            case 3 -> "UPDATE OR REPLACE " + ref(t) + " SET id = " + r[0] + " WHERE id > " + r[0];
            case 4 -> "UPDATE " + ref(t) + " SET price = price WHERE qty < 5";
            default -> "UPDATE " + ref(t) + " SET qty = 0 WHERE id < " + (r[0] + rnd.nextInt(80));
        };
        return one("UPDATE", sql, t);
    }

    private Call replaceOrUpsert(Table t) {
        String cols = "id, name, status, qty, " + note(t) + ", price";
        String where = rnd.nextBoolean() ? "" : " WHERE qty > " + rnd.nextInt(10);
        String sql = switch (rnd.nextInt(5)) {
            case 0 -> "INSERT OR REPLACE INTO " + ref(t) + "(" + cols + ") SELECT id, name, status, qty + 1, "
                    + note(t) + ", price FROM " + ref(t) + where;
            case 1 -> "REPLACE INTO " + ref(t) + "(" + cols + ") SELECT id, name, 'replaced', qty, " + note(t)
                    + ", price FROM " + ref(t) + where;
            case 2 -> "INSERT INTO " + ref(t) + "(" + cols + ") SELECT id, name, status, qty, " + note(t) + ", price FROM "
                    + ref(t) + (where.isEmpty() ? " WHERE true" : where) + " ON CONFLICT(id) DO UPDATE SET qty = excluded.qty + 1";
            case 3 -> "INSERT OR REPLACE INTO " + ref(t) + "(" + cols + ") VALUES (1, 'n2', 'open', 1, 1, 1.5)";
            default -> "WITH src AS (SELECT * FROM " + ref(t) + ") INSERT INTO " + ref(t) + "(" + cols + ") SELECT id, name,"
                    + " status, qty, " + note(t) + ", price * 2 FROM src WHERE true ON CONFLICT DO UPDATE SET price = excluded.price";
        };
        if (sql.contains(" VALUES (")) {
            // One VALUES row replaces one row per unique key at most: on a one-row table, the
            // change by unique key of its only row that README's Limits and SPEC 4 exempt; a
            // REPLACE that removes two rows through two keys is not covered by that limit.
            return new Call("REPLACE/upsert over a SELECT", path(JdbcPath.Shape.ONE, false), List.of(new Step(sql)),
                    EnumSet.of(Tag.BY_UNIQUE_KEY), t.name());
        }
        return one("REPLACE/upsert over a SELECT", sql, t);
    }

    private Call bound(Table t) {
        Object v = rnd.nextInt(4);
        String sql;
        List<BoundValue> values = new ArrayList<>();
        switch (rnd.nextInt(4)) {
            case 0 -> {
                sql = "DELETE FROM " + ref(t) + " WHERE " + note(t) + " = ?";
                values.add(value(v));
            }
            case 1 -> {
                sql = "DELETE FROM " + ref(t) + " WHERE qty = ?";
                values.add(value(v));
            }
            case 2 -> {
                sql = "UPDATE " + ref(t) + " SET price = ? WHERE " + note(t) + " = ?";
                values.add(value(rnd.nextInt(3)));
                values.add(value(v));
            }
            default -> {
                sql = "DELETE FROM " + ref(t) + " WHERE status = ? OR qty < ?";
                values.add(new BoundValue(rnd.nextBoolean() ? Setter.STRING : Setter.OBJECT, "done"));
                values.add(value(v));
            }
        }
        return new Call("bound values", path(JdbcPath.Shape.ONE, true), List.of(new Step(sql, values)), Set.of(), t.name());
    }

    private BoundValue value(Object n) {
        int i = (Integer) n;
        Setter s = Setter.values()[rnd.nextInt(Setter.values().length)];
        return switch (s) {
            case STRING -> new BoundValue(s, String.valueOf(i));
            case BOOLEAN -> new BoundValue(s, i % 2 == 1);
            case OBJECT -> new BoundValue(s, switch (rnd.nextInt(5)) {
                case 0 -> (byte) i;
                case 1 -> (short) i;
                case 2 -> (long) i;
                case 3 -> (double) i;
                default -> String.valueOf(i);
            });
            default -> new BoundValue(s, i);
        };
    }

    private Call rangeBatch(Table t) throws SQLException {
        long[] r = ids(t);
        long lo = r[0];
        long hi = rnd.nextInt(4) == 0 ? r[0] + (r[1] - r[0]) / 2 : r[1];
        int parts = (int) Math.max(2, Math.min(8, r[2] / 35 + 1 + rnd.nextInt(2)));
        long width = Math.max(1, (hi - lo + parts) / parts);
        List<long[]> ranges = new ArrayList<>();
        for (long a = lo; a <= hi; a += width) ranges.add(new long[] {a, Math.min(hi, a + width - 1)});
        if (ranges.isEmpty()) ranges.add(new long[] {lo, hi});
        List<Step> steps = new ArrayList<>();
        if (rnd.nextBoolean()) {
            String sql = "DELETE FROM " + ref(t) + " WHERE id BETWEEN ? AND ?";
            Setter s = rnd.nextBoolean() ? Setter.LONG : Setter.INT;
            for (long[] range : ranges) {
                steps.add(new Step(sql, List.of(new BoundValue(s, range[0]), new BoundValue(s, range[1]))));
            }
            return new Call("prepared batch of range DELETEs", path(JdbcPath.Shape.SAME_SQL_SEVERAL_VALUES, true), steps,
                    Set.of(), t.name());
        }
        for (long[] range : ranges) {
            steps.add(new Step("DELETE FROM " + ref(t) + " WHERE id >= " + range[0] + " AND id <= " + range[1]));
        }
        return new Call("batch of range DELETEs", path(JdbcPath.Shape.SEVERAL, false), steps, Set.of(), t.name());
    }

    private Call severalInOneString(Table t) throws SQLException {
        long[] r = ids(t);
        long k = r[0] + Math.max(0, r[2] - 1 - rnd.nextInt(5));
        List<Step> steps = new ArrayList<>();
        boolean keyed = false;
        switch (rnd.nextInt(4)) {
            case 0 -> {
                steps.add(new Step("DELETE FROM " + ref(t) + " WHERE id >= " + k));
                steps.add(new Step("DELETE FROM " + ref(t) + " WHERE id < " + k));
            }
            case 1 -> {
                steps.add(new Step("INSERT INTO " + ref(t) + "(id) VALUES (" + (r[1] + 1000) + ")"));
                steps.add(new Step("DELETE FROM " + ref(t) + " WHERE id = " + r[0]));
                keyed = true;
            }
            case 2 -> {
                steps.add(new Step("UPDATE " + ref(t) + " SET id = id + 100000 WHERE id < " + k));
                steps.add(new Step("DELETE FROM " + ref(t) + " WHERE id > 100000"));
            }
            default -> {
                steps.add(new Step("DELETE FROM " + ref(t) + " WHERE id = " + r[0]));
                steps.add(new Step("/* second */ DELETE FROM " + ref(t) + " WHERE id <> " + (r[0] + 1)));
                steps.add(new Step("DROP TABLE IF EXISTS " + Identifiers.quote("no such table")));
            }
        }
        Set<Tag> tags = keyed ? EnumSet.of(Tag.BY_UNIQUE_KEY) : Set.of();
        if (rnd.nextBoolean()) {
            return new Call("several statements in one string", JdbcPath.STATEMENT_SEVERAL_IN_ONE_STRING, steps, tags, t.name());
        }
        return new Call("several statements", path(JdbcPath.Shape.SEVERAL, false), steps, tags, t.name());
    }

    private Call cte(Table t) {
        int k = rnd.nextInt(10);
        String sql = switch (rnd.nextInt(3)) {
            case 0 -> "WITH x AS (SELECT id FROM " + ref(t) + " WHERE qty > " + k + ") DELETE FROM " + ref(t)
                    + " WHERE id IN (SELECT id FROM x)";
            case 1 -> "WITH RECURSIVE x(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM x WHERE n < 500) UPDATE " + ref(t)
                    + " SET qty = qty + 1 WHERE id IN x";
            default -> "WITH x AS MATERIALIZED (SELECT 1) DELETE FROM " + ref(t) + " WHERE id = (SELECT 1 FROM x)";
        };
        return one("CTE", sql, t);
    }

    private Call returning(Table t) {
        int k = rnd.nextInt(10);
        String sql = switch (rnd.nextInt(3)) {
            case 0 -> "DELETE FROM " + ref(t) + " WHERE qty < " + k + " RETURNING id";
            case 1 -> "UPDATE " + ref(t) + " SET qty = qty + 1 WHERE qty >= " + k + " RETURNING *";
            default -> "DELETE FROM " + ref(t) + " WHERE id = 1 RETURNING name";
        };
        Set<Tag> tags = sql.contains("WHERE id = 1 ") ? EnumSet.of(Tag.BY_UNIQUE_KEY) : Set.of();
        return new Call("RETURNING", path(JdbcPath.Shape.ROWS, false), List.of(new Step(sql)), tags, t.name());
    }

    private Call nul(Table t) {
        String sql = switch (rnd.nextInt(3)) {
            case 0 -> "UPDATE " + ref(t) + " SET id = id \u0000 WHERE id = 5";
            case 1 -> "DELETE FROM " + ref(t) + " \u0000 WHERE id = 1";
            default -> "SELECT 1 \u0000; DROP TABLE " + ref(t);
        };
        return new Call("NUL in the SQL", path(sql.startsWith("SELECT") ? JdbcPath.Shape.ROWS : JdbcPath.Shape.ONE, false),
                List.of(new Step(sql)), Set.of(), t.name());
    }

    private Call cascadeOrTrigger(DatabaseState state) throws SQLException {
        Table parent = schema.tables.get(0);
        if (!state.tables().containsKey(parent.name())) return keyed(schema.tables.get(schema.tables.size() - 1));
        long[] r = ids(parent);
        long id = r[0] + rnd.nextInt(3);
        String sql = switch (rnd.nextInt(4)) {
            case 0 -> "DELETE FROM " + ref(parent) + " WHERE id = " + id;
            case 1 -> "UPDATE " + ref(parent) + " SET id = id + 1000 WHERE id = " + id;
            case 2 -> "UPDATE " + ref(parent) + " SET qty = qty + 1 WHERE id = " + id;
            default -> schema.tables.size() > 1 && schema.tables.get(1).kind() == Kind.ITEMS
                    ? "UPDATE " + ref(schema.tables.get(1)) + " SET qty = qty WHERE id = " + id
                    : "DELETE FROM " + ref(parent) + " WHERE id IN (" + id + ")";
        };
        Set<Tag> tags = sql.contains(" IN (") ? Set.of() : EnumSet.of(Tag.BY_UNIQUE_KEY);
        String target = sql.contains(schema.tables.size() > 1 ? schema.tables.get(1).quoted() : "\u0001")
                ? schema.tables.get(1).name() : parent.name();
        return new Call("keyed change with cascades or triggers", path(JdbcPath.Shape.ONE, false), List.of(new Step(sql)),
                tags, target);
    }

    // ---- harmless shapes ----

    private Call keyed(Table t) throws SQLException {
        long[] r = ids(t);
        long id = r[0] + rnd.nextInt((int) Math.max(1, r[2]));
        boolean bind = rnd.nextBoolean();
        // an uncorrelated scalar subquery is one key too (issue 17)
        String key = bind ? "?" : switch (rnd.nextInt(4)) {
            case 0 -> "(SELECT max(id) FROM " + ref(t) + ")";
            case 1 -> "(SELECT min(id) FROM " + ref(t) + " WHERE qty > " + rnd.nextInt(10) + ")";
            default -> String.valueOf(id);
        };
        String sql = rnd.nextBoolean() ? "DELETE FROM " + ref(t) + " WHERE id = " + key
                : "UPDATE " + ref(t) + " SET id = id WHERE id = " + key;
        List<BoundValue> values = bind ? List.of(new BoundValue(rnd.nextBoolean() ? Setter.INT : Setter.LONG, id)) : List.of();
        return new Call("keyed DELETE/UPDATE", path(JdbcPath.Shape.ONE, bind), List.of(new Step(sql, values)),
                EnumSet.of(Tag.BY_UNIQUE_KEY), t.name());
    }

    private Call insert(Table t) throws SQLException {
        long[] r = ids(t);
        String sql = switch (t.kind()) {
            case ITEMS -> rnd.nextBoolean()
                    ? "INSERT INTO " + ref(t) + "(id, name, status, qty) VALUES (" + (r[1] + 1) + ", 'new', 'open', 3)"
                    : "INSERT INTO " + ref(t) + "(id, name, status, qty) SELECT id + 100000, name || '+', status, qty FROM "
                    + ref(t) + " LIMIT 20";
            case CHILD -> "INSERT INTO " + ref(t) + "(pid, v) VALUES (NULL, 'orphan')";
            case LOG -> "INSERT INTO " + ref(t) + "(msg, n) VALUES ('DELETE FROM " + t.name().replace("'", "''") + "', 1)";
        };
        return one("INSERT", sql, t);
    }

    private Call harmlessSelect(Table t) {
        String sql = switch (rnd.nextInt(4)) {
            case 0 -> "SELECT 'DROP TABLE " + t.name().replace("'", "''") + "'";
            case 1 -> "SELECT count(*) FROM " + ref(t) + " WHERE id = 'DELETE FROM x'";
            case 2 -> "-- DROP TABLE " + t.name() + "\nSELECT * FROM " + ref(t) + " WHERE id = 1";
            default -> "/* DELETE FROM " + t.name() + " */ SELECT id FROM " + ref(t) + " ORDER BY id LIMIT 3";
        };
        return new Call("SELECT that looks dangerous", path(JdbcPath.Shape.ROWS, false), List.of(new Step(sql)), Set.of(),
                t.name());
    }

    // ---- DDL ----

    private Call ddl(Table t, DatabaseState state) {
        String tn = t == null ? "x" : t.quoted();
        String extraName = Identifiers.quote("extra " + extra++);
        Set<Tag> tags = Set.of();
        String sql = switch (t == null ? 0 : rnd.nextInt(16)) {
            case 0 -> "CREATE TABLE " + extraName + "(a INTEGER PRIMARY KEY, b TEXT)";
            case 1 -> "CREATE TABLE IF NOT EXISTS " + tn + "(id INTEGER PRIMARY KEY)";
            case 2 -> "CREATE TEMP TABLE " + extraName + "(a)";
            case 3 -> "CREATE INDEX " + extraName + " ON " + tn + "(id) WHERE id > 10";
            case 4 -> "DROP INDEX IF EXISTS " + Identifiers.quote("no such index");
            case 5 -> "DROP TABLE IF EXISTS " + Identifiers.quote("no such table");
            case 6 -> "CREATE VIEW " + extraName + " AS SELECT * FROM " + tn;
            case 7 -> "CREATE TRIGGER " + extraName + " AFTER INSERT ON " + tn + " BEGIN SELECT 1; END";
            case 8 -> "ALTER TABLE " + ref(t) + " ADD COLUMN " + extraName + " TEXT";
            case 9 -> "ALTER TABLE " + ref(t) + " RENAME TO " + Identifiers.quote(t.name() + " renamed");
            case 10 -> {
                tags = EnumSet.of(Tag.DDL_WITHOUT_SCHEMA_CHANGE);
                yield rnd.nextBoolean() ? "VACUUM" : "REINDEX";
            }
            case 11 -> "DROP TABLE " + ref(t);
            case 12 -> "DROP TABLE IF EXISTS " + ref(t);
            case 13 -> "CREATE TEMP TRIGGER " + extraName + " AFTER INSERT ON " + tn + " BEGIN SELECT 1; END";
            case 14 -> "CREATE INDEX IF NOT EXISTS " + Identifiers.quote("ix pid") + " ON " + tn + "(id)";
            default -> "ALTER TABLE " + ref(t) + " RENAME COLUMN id TO id";
        };
        JdbcPath path = path(JdbcPath.Shape.ONE, false);
        if (sql.equals("VACUUM") && path == JdbcPath.PREPARED_EXECUTE_UPDATE_IN_TRANSACTION) {
            path = JdbcPath.PREPARED_EXECUTE_UPDATE; // SQLite cannot VACUUM inside a transaction
        }
        return new Call("DDL", path, List.of(new Step(sql)), tags, t == null ? "" : t.name());
    }

    // ---- helpers ----

    private Call one(String shape, String sql, Table t) {
        return new Call(shape, path(JdbcPath.Shape.ONE, false), List.of(new Step(sql)), Set.of(), t.name());
    }

    private JdbcPath path(JdbcPath.Shape shape, boolean binds) {
        List<JdbcPath> fit = new ArrayList<>();
        for (JdbcPath p : JdbcPath.values()) {
            boolean shapeFits = p.shape == shape || (shape == JdbcPath.Shape.ROWS && p.shape == JdbcPath.Shape.ONE
                    && (p == JdbcPath.STATEMENT_EXECUTE || p == JdbcPath.PREPARED_EXECUTE || p == JdbcPath.CALLABLE_EXECUTE));
            if (shapeFits && (!binds || p.bindsValues()) && p != JdbcPath.STATEMENT_SEVERAL_IN_ONE_STRING) fit.add(p);
        }
        JdbcPath chosen = fit.get(rnd.nextInt(fit.size()));
        // prepareCall is refused by sqlite-jdbc (see JdbcPath): tried now and then, not a ninth of the time
        return chosen == JdbcPath.CALLABLE_EXECUTE && rnd.nextInt(4) != 0 ? fit.get(0) : chosen;
    }

    /** The name as an application might write it: quoted, bracketed, backticked, schema-qualified. */
    private String ref(Table t) {
        String q = t.quoted();
        return switch (rnd.nextInt(6)) {
            case 0 -> "main." + q;
            case 1 -> "\"main\"." + q;
            case 2 -> t.name().contains("]") ? q : "[" + t.name() + "]";
            case 3 -> t.name().contains("`") ? q : "`" + t.name() + "`";
            case 4 -> t.name().matches("[A-Za-z_]+") && !t.name().equalsIgnoreCase("order")
                    && !t.name().equalsIgnoreCase("select") ? t.name() : q;
            default -> q;
        };
    }

    private String note(Table t) {
        return t.note() == null ? "id" : Identifiers.quote(t.note());
    }

    /** min id, max id, row count of a table on the raw copy. */
    private long[] ids(Table t) throws SQLException {
        try (Statement st = peek.createStatement();
             ResultSet rs = st.executeQuery("SELECT coalesce(min(id), 1), coalesce(max(id), 1), count(*) FROM "
                     + t.quoted())) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
        } catch (SQLException renamedOrDropped) {
            return new long[] {1, 1, 0};
        }
    }
}
