package dev.safesqlite.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A random schema and its rows, from a seed: one or two "items" tables (one may be WITHOUT
 * ROWID, have a UNIQUE name, a generated column, an untyped column with an odd name), maybe a
 * child table whose foreign key cascades, maybe a log table that triggers write to or empty,
 * partial and expression indexes, and odd table names. {@link #statements()} creates it all.
 */
final class FuzzSchema {

    enum Kind { ITEMS, CHILD, LOG }

    /** A table as the statement generator knows it. */
    record Table(String name, Kind kind, boolean withoutRowid, boolean uniqueName, String note) {
        String quoted() {
            return Identifiers.quote(name);
        }
    }

    private static final String[] NAMES = {
        "items", "order", "my table", "we\"ird", "Ünïcode", "select", "t.dot", "MiXeD", "x-y", "group by"
    };
    private static final int[] SIZES = {0, 1, 2, 7, 30, 49, 50, 60, 120, 150, 200, 200};

    final List<Table> tables = new ArrayList<>();
    final boolean foreignKeys;
    private final List<String> ddl = new ArrayList<>();
    private final List<String> rows = new ArrayList<>();
    private final List<String> afterRows = new ArrayList<>();

    FuzzSchema(Random rnd) {
        foreignKeys = rnd.nextInt(4) != 0;
        List<String> names = new ArrayList<>(List.of(NAMES));
        java.util.Collections.shuffle(names, rnd);
        int items = 1 + rnd.nextInt(2);
        int parentRows = 0;
        for (int i = 0; i < items; i++) {
            Table t = new Table(names.remove(0), Kind.ITEMS, rnd.nextInt(3) == 0, rnd.nextBoolean(),
                    rnd.nextBoolean() ? "note" : "the note");
            tables.add(t);
            String generated = switch (rnd.nextInt(3)) {
                case 0 -> ", total INTEGER GENERATED ALWAYS AS (qty * 2) STORED";
                case 1 -> ", total INTEGER AS (qty * 2) VIRTUAL";
                default -> "";
            };
            ddl.add("CREATE TABLE " + t.quoted() + "(id INTEGER PRIMARY KEY, name TEXT" + (t.uniqueName() ? " UNIQUE" : "")
                    + ", status TEXT, qty INTEGER, " + Identifiers.quote(t.note()) + ", price REAL" + generated + ")"
                    + (t.withoutRowid() ? " WITHOUT ROWID" : ""));
            int n = SIZES[rnd.nextInt(SIZES.length)];
            if (i == 0) parentRows = n;
            if (n > 0) {
                rows.add("WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < " + n + ") "
                        + "INSERT INTO " + t.quoted() + "(id, name, status, qty, " + Identifiers.quote(t.note()) + ", price) "
                        + "SELECT i, 'n' || i, CASE i % 4 WHEN 1 THEN 'open' WHEN 2 THEN 'hold' ELSE 'done' END, i % 10, "
                        + "CASE WHEN i % 7 = 0 THEN CAST(i % 4 AS TEXT) ELSE i % 4 END, i * 1.5 FROM s");
            }
            if (rnd.nextBoolean()) ddl.add("CREATE INDEX " + Identifiers.quote("ix done " + i) + " ON " + t.quoted()
                    + "(status) WHERE status = 'done'");
            if (rnd.nextBoolean()) ddl.add("CREATE INDEX " + Identifiers.quote("ix lower " + i) + " ON " + t.quoted()
                    + "(lower(name))");
            if (rnd.nextInt(3) == 0) ddl.add("CREATE UNIQUE INDEX " + Identifiers.quote("ux partial " + i) + " ON "
                    + t.quoted() + "(name, qty) WHERE qty > 5");
        }
        Table parent = tables.get(0);
        if (rnd.nextInt(3) != 0) {
            Table child = new Table(names.remove(0), Kind.CHILD, false, false, null);
            tables.add(child);
            String onDelete = new String[] {" ON DELETE CASCADE", " ON DELETE CASCADE", " ON DELETE SET NULL", ""}[rnd.nextInt(4)];
            ddl.add("CREATE TABLE " + child.quoted() + "(id INTEGER PRIMARY KEY, pid INTEGER REFERENCES " + parent.quoted()
                    + "(id)" + onDelete + (rnd.nextBoolean() ? " ON UPDATE CASCADE" : "") + ", v TEXT)");
            ddl.add("CREATE INDEX " + Identifiers.quote("ix pid") + " ON " + child.quoted() + "(pid)");
            int n = SIZES[rnd.nextInt(SIZES.length)];
            if (n > 0) {
                String pid = parentRows == 0 ? "NULL" : "1 + i % " + Math.min(1 + rnd.nextInt(3), parentRows);
                rows.add("WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < " + n + ") "
                        + "INSERT INTO " + child.quoted() + "(id, pid, v) SELECT i, " + pid + ", 'c' || i FROM s");
            }
        }
        if (rnd.nextInt(3) != 0) {
            Table log = new Table(names.remove(0), Kind.LOG, false, false, null);
            tables.add(log);
            ddl.add("CREATE TABLE " + log.quoted() + "(id INTEGER PRIMARY KEY, msg TEXT, n INTEGER)");
            int n = SIZES[rnd.nextInt(SIZES.length)];
            if (n > 0) {
                rows.add("WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < " + n + ") "
                        + "INSERT INTO " + log.quoted() + "(id, msg, n) SELECT i, 'm' || i, i % 5 FROM s");
            }
            String p = parent.quoted();
            String l = log.quoted();
            switch (rnd.nextInt(5)) {
                case 0 -> afterRows.add("CREATE TRIGGER " + Identifiers.quote("empty log") + " AFTER DELETE ON " + p
                        + " BEGIN DELETE FROM " + l + "; END");
                case 1 -> afterRows.add("CREATE TRIGGER trg_del AFTER DELETE ON " + p + " WHEN old.status = 'done'"
                        + " BEGIN DELETE FROM " + l + " WHERE n = old.qty % 5; END");
                case 2 -> afterRows.add("CREATE TRIGGER trg_upd AFTER UPDATE OF qty ON " + p
                        + " BEGIN UPDATE " + l + " SET n = n + 1 WHERE n = new.qty % 5; END");
                case 3 -> afterRows.add("CREATE TRIGGER trg_ins AFTER INSERT ON " + p
                        + " BEGIN INSERT INTO " + l + "(msg, n) VALUES ('insert', new.qty); END");
                default -> { }
            }
        }
        if (items == 2 && rnd.nextBoolean()) {
            afterRows.add("CREATE TRIGGER " + Identifiers.quote("cross delete") + " AFTER UPDATE ON " + tables.get(1).quoted()
                    + " BEGIN DELETE FROM " + parent.quoted() + " WHERE qty = new.qty; END");
        }
    }

    /** Tables, indexes, rows, then triggers (so that loading the rows fires none). */
    List<String> statements() {
        List<String> all = new ArrayList<>(ddl);
        all.addAll(rows);
        all.addAll(afterRows);
        return all;
    }

    String describe() {
        return "  foreign_keys=" + foreignKeys + "\n  " + String.join(";\n  ", statements());
    }
}
