package dev.safesqlite.internal.classify;

/**
 * Reads one statement's leading keywords and names, and says whether it is a {@link Candidate}
 * (null: harmless whatever the database holds). Anything not a CREATE, DROP, ALTER, VACUUM,
 * REINDEX, DELETE, UPDATE, INSERT or REPLACE is harmless: SELECT, transaction control, PRAGMA,
 * ATTACH, ANALYZE, and {@code EXPLAIN} of anything, which only describes the statement.
 */
final class StatementParser {

    private StatementParser() {
    }

    /** Statement tokens {@code [from, to)}, without their {@code ;}. */
    static Candidate parse(SqlTokens tokens, int from, int to) {
        return parse(LeadingWord.at(tokens, from), tokens, from, to);
    }

    /** {@link #parse(SqlTokens, int, int)} with {@code verb}, its first token, already read. */
    static Candidate parse(LeadingWord verb, SqlTokens tokens, int from, int to) {
        switch (verb) {
            case DELETE, UPDATE:
                return RowChangeParser.parse(tokens, from, from, to);
            case INSERT, REPLACE:
                return RowInsertParser.parse(tokens, from, from, to);
            case WITH:
                int main = mainVerb(tokens, from + 1, to);
                if (main == -1) {
                    return null;
                }
                return tokens.isAnyWord(main, "INSERT", "REPLACE")
                        ? RowInsertParser.parse(tokens, from, main, to) : RowChangeParser.parse(tokens, from, main, to);
            case CREATE:
                return create(tokens, from + 1, to, tokens.text(from, to));
            case DROP:
                return drop(tokens, from + 1, tokens.text(from, to));
            case ALTER:
                return alter(tokens, from + 1, tokens.text(from, to));
            case VACUUM:
                return vacuum(tokens, from + 1, to, tokens.text(from, to));
            case REINDEX:
                return UnconditionalDdl.of(tokens.text(from, to));
            default:
                return null;
        }
    }

    /** The DELETE, UPDATE, INSERT or REPLACE after a WITH clause, or -1 when the statement is a query. */
    private static int mainVerb(SqlTokens tokens, int from, int to) {
        int depth = 0;
        for (int i = from; i < to; i++) {
            TokenKind kind = tokens.kind(i);
            if (kind == TokenKind.OPEN_PAREN) {
                depth++;
            } else if (kind == TokenKind.CLOSE_PAREN) {
                depth--;
            } else if (depth == 0 && tokens.isAnyWord(i, "SELECT", "VALUES", "INSERT", "REPLACE", "DELETE", "UPDATE")) {
                return tokens.isAnyWord(i, "SELECT", "VALUES") ? -1 : i;
            }
        }
        return -1;
    }

    /** {@code CREATE [TEMP] [UNIQUE] TABLE|VIEW|INDEX|TRIGGER|VIRTUAL TABLE [IF NOT EXISTS] name}. */
    private static Candidate create(SqlTokens tokens, int i, int to, String statement) {
        if (tokens.isAnyWord(i, "TEMP", "TEMPORARY")) {
            return null;
        }
        if (tokens.isWord(i, "UNIQUE")) {
            i++;
        }
        ObjectType type;
        if (tokens.isWord(i, "VIRTUAL") && tokens.isWord(i + 1, "TABLE")) {
            type = ObjectType.VIRTUAL_TABLE;
            i++;
        } else {
            type = objectType(tokens, i);
        }
        if (type == null) {
            return UnconditionalDdl.of(statement);
        }
        i++;
        boolean ifNotExists = tokens.isWord(i, "IF") && tokens.isWord(i + 1, "NOT") && tokens.isWord(i + 2, "EXISTS");
        if (ifNotExists) {
            i += 3;
        }
        SqlName name = SqlName.read(tokens, i);
        if (name == null) {
            return UnconditionalDdl.of(statement);
        }
        if (name.isTemp()) {
            return null;
        }
        SqlName onTable = null;
        if (type == ObjectType.INDEX || type == ObjectType.TRIGGER) {
            int on = i + name.tokenCount();
            while (on < to && !tokens.isWord(on, "ON")) {
                on++;
            }
            onTable = on + 1 < to ? SqlName.read(tokens, on + 1) : null;
            if (onTable != null && onTable.isTemp()) {
                return null;
            }
        }
        return new SchemaChange(SchemaChange.Verb.CREATE, type, name, ifNotExists, onTable, statement);
    }

    /** {@code DROP TABLE|VIEW|INDEX|TRIGGER [IF EXISTS] name}. */
    private static Candidate drop(SqlTokens tokens, int i, String statement) {
        ObjectType type = objectType(tokens, i);
        if (type == null) {
            return UnconditionalDdl.of(statement);
        }
        i++;
        boolean ifExists = tokens.isWord(i, "IF") && tokens.isWord(i + 1, "EXISTS");
        if (ifExists) {
            i += 2;
        }
        return named(SchemaChange.Verb.DROP, type, tokens, i, ifExists, statement);
    }

    /** {@code ALTER TABLE name ...}. */
    private static Candidate alter(SqlTokens tokens, int i, String statement) {
        if (!tokens.isWord(i, "TABLE")) {
            return UnconditionalDdl.of(statement);
        }
        return named(SchemaChange.Verb.ALTER, ObjectType.TABLE, tokens, i + 1, false, statement);
    }

    private static Candidate named(SchemaChange.Verb verb, ObjectType type, SqlTokens tokens, int i,
                                   boolean conditional, String statement) {
        SqlName name = SqlName.read(tokens, i);
        if (name == null) {
            return UnconditionalDdl.of(statement);
        }
        return name.isTemp() ? null : new SchemaChange(verb, type, name, conditional, null, statement);
    }

    /**
     * {@code VACUUM [schema] [INTO file]}. VACUUM rebuilds the database file in place; with INTO
     * it only writes a compacted copy elsewhere and leaves the database as it was, so it is
     * harmless, as is a VACUUM of the temp schema.
     */
    private static Candidate vacuum(SqlTokens tokens, int i, int to, String statement) {
        String schema = null;
        if (i < to && tokens.isName(i) && !tokens.isWord(i, "INTO")) {
            schema = tokens.name(i);
            i++;
        }
        if (tokens.isWord(i, "INTO") || SqlName.isTempSchema(schema)) {
            return null;
        }
        return new UnconditionalDdl(statement, schema == null ? "VACUUM" : "VACUUM " + schema);
    }

    private static ObjectType objectType(SqlTokens tokens, int i) {
        if (tokens.isWord(i, "TABLE")) {
            return ObjectType.TABLE;
        }
        if (tokens.isWord(i, "VIEW")) {
            return ObjectType.VIEW;
        }
        if (tokens.isWord(i, "INDEX")) {
            return ObjectType.INDEX;
        }
        if (tokens.isWord(i, "TRIGGER")) {
            return ObjectType.TRIGGER;
        }
        return null;
    }
}
