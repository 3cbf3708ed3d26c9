package dev.safesqlite.internal.classify;

import java.sql.SQLException;

/**
 * A CREATE, DROP or ALTER of a named object outside the temp schema (those in it are never
 * candidates). It is harmless when it lands in the temp schema after all (an unqualified name
 * that resolves there), or when its {@code IF [NOT] EXISTS} makes it a no-op; both are looked up
 * on the connection at every call, since the schema changes under a cached parse.
 *
 * @param conditional {@code IF NOT EXISTS} on a CREATE, {@code IF EXISTS} on a DROP
 * @param onTable     the table of a CREATE INDEX or CREATE TRIGGER, else null
 */
record SchemaChange(Verb verb, ObjectType type, SqlName name, boolean conditional, SqlName onTable,
                    String statement) implements Candidate {

    enum Verb { CREATE, DROP, ALTER }

    @Override
    public Danger danger() {
        return Danger.DDL;
    }

    @Override
    public Destructive check(ConnectionLookups database, Object[] params, boolean firstToRun, long bulkRows)
            throws SQLException {
        boolean harmless = switch (verb) {
            case CREATE -> {
                String schema = createdIn(database);
                yield SqlName.isTempSchema(schema)
                        || (conditional && database.exists(schema, type, name.name()));
            }
            case DROP -> {
                if (name.schema() != null) {
                    yield conditional && !database.exists(name.schema(), type, name.name());
                }
                String schema = database.resolve(type, name.name());
                yield schema == null ? conditional : SqlName.isTempSchema(schema);
            }
            case ALTER -> name.schema() == null && database.exists("temp", type, name.name());
        };
        return harmless ? null : new Destructive(Danger.DDL, statement, detail());
    }

    /**
     * Where SQLite puts the new object: the named schema; else, for an index or trigger, the
     * schema of its table (an unqualified index on a temp table is a temp index); else main.
     */
    private String createdIn(ConnectionLookups database) throws SQLException {
        if (name.schema() != null) {
            return name.schema();
        }
        if (onTable != null) {
            if (onTable.schema() != null) {
                return onTable.schema();
            }
            String schema = database.resolve(ObjectType.TABLE, onTable.name());
            if (schema != null) {
                return schema;
            }
        }
        return "main";
    }

    String detail() {
        String detail = verb + " " + type.keywords() + " " + name.written();
        return onTable == null ? detail : detail + " ON " + onTable.written();
    }
}
