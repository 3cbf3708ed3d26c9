package dev.safesqlite.internal.classify;

/**
 * Reads {@code [WITH ...] INSERT [OR x] INTO t [AS a] [(columns)] VALUES (...), ... | SELECT ... |
 * DEFAULT VALUES [upsert ...] [RETURNING ...]} and {@code REPLACE INTO ...}: the table, whether
 * it replaces or upserts, and how many rows a VALUES list gives.
 */
final class RowInsertParser {

    private RowInsertParser() {
    }

    /**
     * @param verb the INSERT or REPLACE token
     * @return the candidate, or null for an insert into a temp-qualified table
     */
    static RowInsert parse(SqlTokens tokens, int from, int verb, int to) {
        String statement = tokens.text(from, to);
        boolean replaces = tokens.isWord(verb, "REPLACE");
        int i = verb + 1;
        if (!replaces && tokens.isWord(i, "OR")) {
            replaces = tokens.isWord(i + 1, "REPLACE");
            i += 2;
        }
        if (tokens.isWord(i, "INTO")) {
            i++;
        }
        SqlName target = SqlName.read(tokens, i);
        if (target == null) {
            // not understood: judged by SQLite's own run, as one that may replace anything
            return new RowInsert(new SqlName(null, "?", "a table"), true, true, -1, statement);
        }
        if (target.isTemp()) {
            return null;
        }
        i += target.tokenCount();
        if (tokens.isWord(i, "AS")) {
            i += 2;
        }
        if (tokens.is(i, TokenKind.OPEN_PAREN)) {
            i = afterParentheses(tokens, i, to);
        }
        int valuesRows = -1;
        int afterSource = i;
        if (tokens.isWord(i, "DEFAULT") && tokens.isWord(i + 1, "VALUES")) {
            valuesRows = 1;
            afterSource = i + 2;
        } else if (tokens.isWord(i, "VALUES")) {
            int rows = 0;
            int j = i + 1;
            while (tokens.is(j, TokenKind.OPEN_PAREN)) {
                rows++;
                j = afterParentheses(tokens, j, to);
                if (!tokens.is(j, TokenKind.COMMA)) {
                    break;
                }
                j++;
            }
            // VALUES (...) UNION SELECT ... is a query: as many rows as it returns
            boolean plainList = j >= to || tokens.isAnyWord(j, "ON", "RETURNING");
            valuesRows = plainList ? rows : -1;
            afterSource = j;
        }
        boolean upsertUpdate = false;
        int depth = 0;
        for (int j = afterSource; j < to; j++) {
            TokenKind kind = tokens.kind(j);
            if (kind == TokenKind.OPEN_PAREN) {
                depth++;
            } else if (kind == TokenKind.CLOSE_PAREN) {
                depth--;
            } else if (depth == 0 && tokens.isWord(j, "DO") && tokens.isWord(j + 1, "UPDATE")) {
                upsertUpdate = true;
            }
        }
        return new RowInsert(target, replaces, upsertUpdate, valuesRows, statement);
    }

    /** Past the {@code )} that closes the {@code (} at {@code i}. */
    private static int afterParentheses(SqlTokens tokens, int i, int to) {
        int depth = 0;
        for (int j = i; j < to; j++) {
            if (tokens.is(j, TokenKind.OPEN_PAREN)) {
                depth++;
            } else if (tokens.is(j, TokenKind.CLOSE_PAREN) && --depth == 0) {
                return j + 1;
            }
        }
        return to;
    }
}
