package dev.safesqlite.internal.classify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The questions the classifier asks the application's own connection, so the answers reflect
 * the state the statement will run in, uncommitted changes of the open transaction included.
 * Only ever plain reads. Keeps its prepared statements (the most recently used
 * {@value #MAX_STATEMENTS}) until {@link #close}. Not thread-safe: the classifier serialises.
 */
final class ConnectionLookups implements AutoCloseable {

    static final int MAX_STATEMENTS = 32;

    /** How many "changes one row at most" verdicts a connection remembers. */
    static final int MAX_VERDICTS = 256;

    /** SQLite's primary result code for an SQL error: a missing table, a syntax error. */
    private static final int SQLITE_ERROR = 1;

    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() > MAX_STATEMENTS) {
                closeQuietly(eldest.getValue());
                return true;
            }
            return false;
        }
    };

    /**
     * Statement text to "its plan searches a unique key by equality", made on this connection
     * since {@link #verdictsSchemaChanges}; the most recently used {@value #MAX_VERDICTS}.
     */
    private final Map<String, Boolean> oneRowVerdicts = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_VERDICTS;
        }
    };
    private final SchemaChanges schemaChanges;
    private long verdictsSchemaChanges;

    /**
     * Lower-case {@code schema.table} to its {@link TableTraits}, made since {@link #traitsSchemaChanges};
     * read without the classifier's lock by {@link #knownTraits}, so replaced whole, never cleared.
     */
    private volatile Map<String, TableTraits> traits = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile long traitsSchemaChanges;

    /**
     * @param schemaChanges the verdicts of {@link #changesOneRowAtMost} are forgotten when its
     *                      count moves (a dropped unique index voids them), and made afresh
     *                      every time while a change is unsettled
     */
    ConnectionLookups(Connection connection, SchemaChanges schemaChanges) {
        this.connection = connection;
        this.schemaChanges = schemaChanges;
        this.verdictsSchemaChanges = schemaChanges.count();
        this.traitsSchemaChanges = verdictsSchemaChanges;
    }

    /** Runs a query whose single row holds one number, with its parameters bound in order. */
    long count(String sql, Object[] values) throws SQLException {
        return counts(sql, values, 1)[0];
    }

    /** Runs a query whose single row holds {@code columns} numbers, with its parameters bound in order. */
    long[] counts(String sql, Object[] values, int columns) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        }
        try {
            for (int k = 0; k < values.length; k++) {
                statement.setObject(k + 1, values[k]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                long[] out = new long[columns];
                if (rows.next()) {
                    for (int c = 0; c < out.length; c++) out[c] = rows.getLong(c + 1);
                }
                return out;
            }
        } catch (SQLException e) {
            // It may have gone stale (its table dropped); prepare it afresh next time.
            statements.remove(sql);
            closeQuietly(statement);
            throw e;
        }
    }

    /**
     * Whether SQLite finds the rows of {@code statement}, the SELECT of a DELETE's or UPDATE's
     * WHERE that is only column equalities, by a unique key with every column given: then the
     * statement changes one row at most. Read from {@code EXPLAIN QUERY PLAN} and the index's definition, and remembered
     * while no schema change is unsettled and none starts; a statement that cannot be planned
     * is "no", and asked again next time.
     */
    boolean changesOneRowAtMost(String statement, SqlName target) throws SQLException {
        long changes = schemaChanges.count();
        if (changes != verdictsSchemaChanges) {
            oneRowVerdicts.clear();
            verdictsSchemaChanges = changes;
        }
        Boolean known = oneRowVerdicts.get(statement);
        if (known != null) {
            return known;
        }
        Boolean verdict = searchesUniqueKey(statement, target);
        if (verdict == null) {
            return false;
        }
        // Settled first, then the count: a change that starts meanwhile moves the count.
        if (schemaChanges.settled() && schemaChanges.count() == changes) {
            oneRowVerdicts.put(statement, verdict);
        }
        return verdict;
    }

    /** Null when SQLite cannot plan the statement (a missing table): ask again later. */
    private Boolean searchesUniqueKey(String statement, SqlName target) throws SQLException {
        List<String> topLevel = new ArrayList<>(2);
        try (Statement explain = connection.createStatement()) {
            // EXPLAIN is answered from the schema the connection last loaded, which another
            // connection's commit may have changed since; a read of each schema's table makes
            // SQLite check its cookie and reload it (PRAGMA schema_version does not).
            // Only main and the target's own schema: reading an attached schema's table would open
            // a read transaction on it inside the application's transaction, and a DETACH would
            // then fail with "database is locked" where it works without SafeSQLite.
            List<String> schemas = target.schema() == null || isTempOrMain(target.schema())
                    ? List.of("main") : List.of("main", target.schema());
            for (String name : schemas) {
                try (ResultSet any = explain.executeQuery("SELECT 1 FROM " + SqlName.quote(name) + ".sqlite_schema LIMIT 1")) {
                    any.next();
                }
            }
            try (ResultSet plan = explain.executeQuery("EXPLAIN QUERY PLAN " + statement)) {
                while (plan.next()) {
                    if (plan.getInt(2) == 0) {
                        topLevel.add(plan.getString(4));
                    }
                }
            }
        } catch (SQLException e) {
            return null;
        }
        UniqueKeySearch search = UniqueKeySearch.read(topLevel);
        if (search == null) {
            return false;
        }
        if (search.isRowid()) {
            return true;
        }
        String schema = target.schema() != null ? target.schema() : resolve(ObjectType.TABLE, target.name());
        if (schema == null) {
            return null;
        }
        // The unique, non-partial index searched: the plan must give every one of its columns,
        // in order, by equality, which means one row at most (NULLs never equal anything).
        StringBuilder key = new StringBuilder();
        try (PreparedStatement index = connection.prepareStatement(
                "SELECT i.name FROM pragma_index_list(?1, ?2) l, pragma_index_info(l.name, ?2) i"
                        + " WHERE l.\"unique\" = 1 AND l.partial = 0"
                        + " AND (l.name = ?3 OR (?3 IS NULL AND l.origin = 'pk')) ORDER BY i.seqno")) {
            index.setString(1, target.name());
            index.setString(2, schema);
            index.setString(3, search.index());
            try (ResultSet columns = index.executeQuery()) {
                while (columns.next()) {
                    String column = columns.getString(1);
                    if (column == null) {
                        return false; // an expression: the WHERE names columns only
                    }
                    key.append(key.length() == 0 ? "" : " AND ").append(column).append("=?");
                }
            }
        }
        return key.length() > 0 && key.toString().equals(search.constraints());
    }

    /**
     * What about {@code table} lets a statement on it change rows it does not match. Read once
     * and remembered under the same rule as the unique-key verdicts (no schema change of the
     * engine unsettled or started since); a table that does not exist has none.
     */
    TableTraits traits(SqlName table) throws SQLException {
        TableTraits known = knownTraits(table);
        if (known != null) {
            return known;
        }
        long changes = schemaChanges.count();
        String schema = table.schema() != null ? table.schema() : "main";
        TableTraits read;
        try {
            read = readTraits(table, schema);
        } catch (SQLException e) {
            return TableTraits.UNKNOWN; // let SQLite's run tell
        }
        if (schemaChanges.settled() && schemaChanges.count() == changes) {
            traits.put(key(table), read);
        }
        return read;
    }

    private TableTraits readTraits(SqlName table, String schema) throws SQLException {
        String quoted = SqlName.quote(schema);
        int risky = 0;
        int any = 0;
        List<SqlName> inserts = new ArrayList<>(1);
        for (String trigger : triggersOn(table.name(), quoted)) {
            SqlTokens tokens = SqlTokenizer.tokenize(trigger);
            int event = triggerEvent(tokens);
            any |= event;
            if (!onlyPlainInserts(tokens, inserts)) {
                risky |= event;
            }
        }
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT (SELECT count(*) FROM " + quoted + ".sqlite_schema s, pragma_foreign_key_list(s.name, ?2) f"
                        + " WHERE s.type = 'table' AND f.\"table\" = ?1 COLLATE NOCASE"
                        + " AND (f.on_delete NOT IN ('NO ACTION', 'RESTRICT') OR f.on_update NOT IN ('NO ACTION', 'RESTRICT'))),"
                        + " (SELECT count(*) FROM pragma_index_list(?1, ?2) WHERE \"unique\"),"
                        + " (SELECT sql FROM " + quoted + ".sqlite_schema WHERE type = 'table' AND name = ?1 COLLATE NOCASE)")) {
            query.setString(1, table.name());
            query.setString(2, schema);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                String definition = row.getString(3);
                // the rowid is a key too (a WITHOUT ROWID table's primary key is one of its indexes)
                boolean withoutRowid = definition != null && hasWords(definition, "WITHOUT", "ROWID");
                return new TableTraits(risky, any, List.copyOf(inserts), row.getLong(1) > 0,
                        row.getInt(2) + (withoutRowid ? 0 : 1),
                        definition != null && hasWords(definition, "ON", "CONFLICT", "REPLACE"));
            }
        }
    }

    /** The CREATE TRIGGER text of the triggers on {@code table}: its schema's and temp's. */
    private List<String> triggersOn(String table, String quotedSchema) throws SQLException {
        List<String> found = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT sql FROM " + quotedSchema + ".sqlite_schema WHERE type = 'trigger' AND tbl_name = ?1 COLLATE NOCASE"
                        + " UNION ALL SELECT sql FROM temp.sqlite_schema WHERE type = 'trigger' AND tbl_name = ?1 COLLATE NOCASE")) {
            query.setString(1, table);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getString(1));
                }
            }
        }
        return found;
    }

    /** {@code CREATE ... TRIGGER name [BEFORE|AFTER|INSTEAD OF] DELETE|INSERT|UPDATE ...}: its event. */
    private static int triggerEvent(SqlTokens tokens) {
        for (int i = 2; i < tokens.size(); i++) {
            if (tokens.isWord(i, "DELETE")) {
                return TableTraits.DELETE;
            }
            if (tokens.isWord(i, "INSERT")) {
                return TableTraits.INSERT;
            }
            if (tokens.isWord(i, "UPDATE")) {
                return TableTraits.UPDATE;
            }
        }
        return TableTraits.DELETE | TableTraits.INSERT | TableTraits.UPDATE;
    }

    /**
     * Whether a trigger's body holds only SELECTs and plain INSERTs (no REPLACE, no upsert update)
     * into tables that have no triggers and no ON CONFLICT REPLACE of their own, as an audit
     * trigger does; adds the tables it inserts into to {@code inserts}.
     */
    private boolean onlyPlainInserts(SqlTokens tokens, List<SqlName> inserts) throws SQLException {
        int begin = -1;
        for (int i = 0; i < tokens.size() && begin == -1; i++) {
            if (tokens.isWord(i, "BEGIN")) {
                begin = i + 1;
            }
        }
        if (begin == -1) {
            return false;
        }
        int start = begin;
        for (int i = begin; i < tokens.size(); i++) {
            if (!tokens.is(i, TokenKind.SEMICOLON)) {
                continue;
            }
            if (start < i && !tokens.isAnyWord(start, "SELECT", "VALUES")) {
                if (!tokens.isAnyWord(start, "INSERT", "REPLACE")) {
                    return false;
                }
                RowInsert insert = RowInsertParser.parse(tokens, start, start, i);
                if (insert == null || insert.replaces() || insert.upsertUpdate() || insert.target().name().equals("?")
                        || !plainTable(insert.target())) {
                    return false;
                }
                inserts.add(insert.target());
            }
            start = i + 1;
        }
        return true;
    }

    /** A table with no triggers and no ON CONFLICT REPLACE: a plain INSERT into it only adds rows. */
    private boolean plainTable(SqlName table) throws SQLException {
        String quoted = SqlName.quote(table.schema() != null ? table.schema() : "main");
        if (!triggersOn(table.name(), quoted).isEmpty()) {
            return false;
        }
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT sql FROM " + quoted + ".sqlite_schema WHERE type = 'table' AND name = ?1 COLLATE NOCASE")) {
            query.setString(1, table.name());
            try (ResultSet row = query.executeQuery()) {
                return row.next() && !hasWords(row.getString(1), "ON", "CONFLICT", "REPLACE");
            }
        }
    }

    /** The remembered traits of {@code table}, or null; safe without the classifier's lock. */
    TableTraits knownTraits(SqlName table) {
        long changes = schemaChanges.count();
        if (changes != traitsSchemaChanges) {
            synchronized (this) {
                if (changes != traitsSchemaChanges) {
                    traits = new java.util.concurrent.ConcurrentHashMap<>();
                    traitsSchemaChanges = changes;
                }
            }
            return null;
        }
        return traits.get(key(table));
    }

    private static String key(SqlName table) {
        return table.key();
    }

    /** Whether {@code words} follow one another in {@code sql} (outside strings and comments). */
    private static boolean hasWords(String sql, String... words) {
        SqlTokens tokens = SqlTokenizer.tokenize(sql);
        for (int i = 0; i + words.length <= tokens.size(); i++) {
            int k = 0;
            while (k < words.length && tokens.isWord(i + k, words[k])) {
                k++;
            }
            if (k == words.length) {
                return true;
            }
        }
        return false;
    }

    /** {@code PRAGMA foreign_keys}: the application may switch it at any time, so it is read each time. */
    boolean foreignKeysOn() throws SQLException {
        return count("SELECT foreign_keys FROM pragma_foreign_keys", new Object[0]) != 0;
    }

    /** The application's connection, for a {@link TrialRun}. */
    Connection connection() {
        return connection;
    }

    /** Whether {@code schema} holds an object of {@code type}'s name space called {@code name}. */
    boolean exists(String schema, ObjectType type, String name) throws SQLException {
        if (!isTempOrMain(schema) && !attachedSchemas().stream().anyMatch(schema::equalsIgnoreCase)) {
            return false;
        }
        String sql = "SELECT count(*) FROM " + SqlName.quote(schema) + ".sqlite_schema WHERE type IN ("
                + type.schemaTypes() + ") AND name = ? COLLATE NOCASE";
        return count(sql, new Object[] {name}) > 0;
    }

    /**
     * The schema an unqualified name refers to, searched as SQLite does: temp, main, then the
     * attached databases in the order they were attached; null when none has it.
     */
    String resolve(ObjectType type, String name) throws SQLException {
        for (String schema : List.of("temp", "main")) {
            if (exists(schema, type, name)) {
                return schema;
            }
        }
        for (String schema : attachedSchemas()) {
            if (exists(schema, type, name)) {
                return schema;
            }
        }
        return null;
    }

    /**
     * Whether SQLite refuses to prepare {@code sql} with an SQL error (a missing table or
     * column, bad syntax): then running it fails too, and changes nothing. Preparing runs nothing.
     */
    boolean failsToPrepare(String sql) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            return false;
        } catch (SQLException e) {
            return e.getErrorCode() == SQLITE_ERROR;
        }
    }

    private List<String> attachedSchemas() throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT name FROM pragma_database_list WHERE seq > 1 ORDER BY seq");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    private static boolean isTempOrMain(String schema) {
        return "temp".equalsIgnoreCase(schema) || "main".equalsIgnoreCase(schema);
    }

    @Override
    public void close() {
        for (Iterator<PreparedStatement> it = statements.values().iterator(); it.hasNext(); ) {
            closeQuietly(it.next());
            it.remove();
        }
    }

    /** Closing a statement of a connection that is already closed fails, and need not succeed. */
    private static void closeQuietly(PreparedStatement statement) {
        try {
            statement.close();
        } catch (SQLException ignored) {
            // nothing is held any more
        }
    }

    /** How many prepared statements are held, for tests of the bound and of close. */
    int heldStatements() {
        return statements.size();
    }
}
