package dev.safesqlite.internal.classify;

import java.util.Arrays;

/**
 * Reads a DELETE or UPDATE and rewrites it into the query that counts the rows it would change:
 *
 * <pre>
 * [WITH ...] DELETE FROM t [AS a] [INDEXED BY i] [WHERE w] [RETURNING ...] [ORDER BY o LIMIT n]
 * [WITH ...] UPDATE [OR x] t [AS a] [INDEXED BY i] SET ... [FROM f] [WHERE w] [RETURNING ...] [ORDER BY o LIMIT n]
 *   becomes
 * [WITH ...] SELECT count(*) FROM (SELECT 1 FROM t [AS a] [INDEXED BY i] [WHERE w] LIMIT ?)
 * </pre>
 *
 * The SET and RETURNING clauses change nothing about which rows match, so they and their
 * parameters are dropped. An UPDATE ... FROM changes each target row at most once however many
 * FROM rows join it, so it counts target rows that have a match:
 * {@code WHERE EXISTS (SELECT 1 FROM f WHERE w)}. With ORDER BY/LIMIT the statement's own window
 * is kept in an inner query. Every parameter becomes an anonymous {@code ?} and remembers which
 * parameter of the original it stands for.
 */
final class RowChangeParser {

    private static final String[] AFTER_SET = {"FROM", "WHERE", "RETURNING", "ORDER", "LIMIT"};
    private static final String[] AFTER_FROM = {"WHERE", "RETURNING", "ORDER", "LIMIT"};
    private static final String[] AFTER_WHERE = {"RETURNING", "ORDER", "LIMIT"};
    private static final String[] AFTER_RETURNING = {"ORDER", "LIMIT"};

    private final SqlTokens tokens;
    private final int from;
    private final int to;
    private final int[] parameterIndexes;
    private final StringBuilder sql = new StringBuilder();
    private int[] sources = new int[4];
    private int sourceCount;

    private RowChangeParser(SqlTokens tokens, int from, int to) {
        this.tokens = tokens;
        this.from = from;
        this.to = to;
        this.parameterIndexes = ParameterNumbering.number(tokens, from, to);
    }

    /**
     * @param verb the DELETE or UPDATE token; what precedes it from {@code from} is a WITH clause
     * @return the candidate, or null for a statement on a temp-qualified table
     */
    static RowChange parse(SqlTokens tokens, int from, int verb, int to) {
        return new RowChangeParser(tokens, from, to).read(verb);
    }

    private RowChange read(int verb) {
        boolean delete = tokens.isWord(verb, "DELETE");
        Danger danger = delete ? Danger.DELETE : Danger.UPDATE;
        String statement = tokens.text(from, to);
        int i = verb + 1;
        if (delete) {
            if (!tokens.isWord(i, "FROM")) {
                return unreadable(danger, statement);
            }
            i++;
        }
        boolean orReplace = false;
        if (!delete && tokens.isWord(i, "OR")) {
            orReplace = tokens.isWord(i + 1, "REPLACE");
            i += 2;
        }
        SqlName target = SqlName.read(tokens, i);
        if (target == null) {
            return unreadable(danger, statement);
        }
        if (target.isTemp()) {
            return null;
        }
        if (target.schema() == null && namesCommonTableExpression(verb, target.name())) {
            return new RowChange(danger, target, null, null, new int[0], null, null, orReplace, true, statement,
                    "a WITH clause hides its table's name");
        }
        int afterName = i + target.tokenCount();
        int targetEnd = targetEnd(afterName);
        int joinStart = -1;
        int joinEnd = -1;
        if (delete) {
            i = targetEnd;
        } else {
            if (!tokens.isWord(targetEnd, "SET")) {
                return unreadable(danger, statement);
            }
            i = find(targetEnd + 1, AFTER_SET);
            if (tokens.isWord(i, "FROM")) {
                joinStart = i + 1;
                joinEnd = find(joinStart, AFTER_FROM);
                i = joinEnd;
            }
        }
        int whereStart = -1;
        int whereEnd = -1;
        if (tokens.isWord(i, "WHERE")) {
            whereStart = i + 1;
            whereEnd = find(whereStart, AFTER_WHERE);
            i = whereEnd;
        }
        if (tokens.isWord(i, "RETURNING")) {
            i = find(i + 1, AFTER_RETURNING);
        }
        int windowStart = i < to ? i : -1;
        if (windowStart != -1 && !tokens.isAnyWord(windowStart, "ORDER", "LIMIT")) {
            return unreadable(danger, statement);
        }

        append(from, verb);
        sql.append(from < verb ? " " : "").append("SELECT count(*) FROM (");
        if (windowStart != -1) {
            sql.append("SELECT 1 FROM (");
        }
        sql.append("SELECT 1 FROM ").append(target.quoted());
        if (afterName < targetEnd) {
            sql.append(' ');
            append(afterName, targetEnd);
        }
        if (joinStart != -1) {
            sql.append(" WHERE EXISTS (SELECT 1 FROM ");
            append(joinStart, joinEnd);
            if (whereStart != -1) {
                sql.append(" WHERE ");
                append(whereStart, whereEnd);
            }
            sql.append(')');
        } else if (whereStart != -1) {
            sql.append(" WHERE ");
            append(whereStart, whereEnd);
        }
        if (windowStart != -1) {
            sql.append(' ');
            append(windowStart, to);
            sql.append(')');
        }
        sql.append(" LIMIT ?)");
        String totalSql = "SELECT count(*) FROM (SELECT 1 FROM " + target.quoted() + " LIMIT ?)";
        // The usual row change hits one row by key; counting up to two rows of the table in the
        // same query answers "every row?" for it without a second statement.
        String probeSql = "SELECT (" + sql + "), (SELECT count(*) FROM (SELECT 1 FROM " + target.quoted() + " LIMIT 2))";
        // A WHERE of nothing but "column = value" terms may pin a unique key: then the plan can
        // show the change touches one row at most, with no count at all (see RowChange.check).
        // Not with ORDER BY/LIMIT: SQLite runs those as "rowid IN (SELECT rowid ... LIMIT n)",
        // whose plan reads like a search by rowid whatever the WHERE matches.
        boolean equalitiesOnly = from == verb && joinStart == -1 && whereStart != -1 && windowStart == -1
                && onlyColumnEqualities(whereStart, whereEnd);
        String planSql = equalitiesOnly
                ? "SELECT 1 FROM " + target.quoted() + (afterName < targetEnd ? " " + tokens.text(afterName, targetEnd) : "")
                        + " WHERE " + tokens.text(whereStart, whereEnd)
                : null;
        return new RowChange(danger, target, sql.toString(), probeSql, Arrays.copyOf(sources, sourceCount), totalSql,
                planSql, orReplace, from < verb || joinStart != -1 || hasSubquery(), statement, null);
    }

    /**
     * Whether tokens {@code [start, end)} are {@code column = value} terms (either way round)
     * joined by AND, a value being a parameter, a literal or a scalar subquery. SQLite's query plan shows an IN
     * list, an IN subquery or an OR of equalities as the same {@code (rowid=?)} as a single
     * equality, so only this form lets the plan prove that at most one row matches.
     */
    private boolean onlyColumnEqualities(int start, int end) {
        int i = start;
        while (true) {
            int afterTerm = afterColumnEquality(i, end);
            if (afterTerm == -1) {
                return false;
            }
            if (afterTerm == end) {
                return true;
            }
            if (!tokens.isWord(afterTerm, "AND")) {
                return false;
            }
            i = afterTerm + 1;
        }
    }

    /** Past {@code column = value} or {@code value = column} at {@code i}; -1 when it is not one. */
    private int afterColumnEquality(int i, int end) {
        int afterColumn = afterColumn(i, end);
        if (afterColumn != -1) {
            return afterValue(afterEqualsSign(afterColumn, end), end);
        }
        return afterColumn(afterEqualsSign(afterValue(i, end), end), end);
    }

    private int afterColumn(int i, int end) {
        return i >= 0 && i < end && (tokens.is(i, TokenKind.WORD) || tokens.is(i, TokenKind.QUOTED_NAME)) ? i + 1 : -1;
    }

    /** {@code =} or {@code ==} (the tokenizer gives each {@code =} its own token). */
    private int afterEqualsSign(int i, int end) {
        if (!isEqualsSign(i, end)) {
            return -1;
        }
        return isEqualsSign(i + 1, end) ? i + 2 : i + 1;
    }

    private boolean isEqualsSign(int i, int end) {
        return i >= 0 && i < end && tokens.is(i, TokenKind.OTHER) && tokens.sql().charAt(tokens.start(i)) == '=';
    }

    /**
     * A parameter, a string, a blob or a number, the last with an optional sign, or a
     * parenthesised scalar subquery {@code (SELECT ...)}: one value, whatever rows it reads. Only
     * an uncorrelated one lets SQLite search the key with it; a correlated one reads as a scan,
     * or as {@code CORRELATED SCALAR SUBQUERY} in the plan ({@link UniqueKeySearch#read}).
     */
    private int afterValue(int i, int end) {
        if (i < 0 || i >= end) {
            return -1;
        }
        if (tokens.is(i, TokenKind.OPEN_PAREN) && i + 1 < end && tokens.isWord(i + 1, "SELECT")) {
            int depth = 0;
            for (int j = i; j < end; j++) {
                if (tokens.is(j, TokenKind.OPEN_PAREN)) {
                    depth++;
                } else if (tokens.is(j, TokenKind.CLOSE_PAREN) && --depth == 0) {
                    return j + 1;
                }
            }
            return -1;
        }
        if (tokens.is(i, TokenKind.PARAMETER) || tokens.is(i, TokenKind.STRING) || tokens.is(i, TokenKind.BLOB)
                || tokens.is(i, TokenKind.NUMBER)) {
            return i + 1;
        }
        boolean sign = tokens.is(i, TokenKind.OTHER) && "+-".indexOf(tokens.sql().charAt(tokens.start(i))) >= 0;
        return sign && i + 1 < end && tokens.is(i + 1, TokenKind.NUMBER) ? i + 2 : -1;
    }

    private boolean hasSubquery() {
        for (int j = from; j < to; j++) {
            if (tokens.isWord(j, "SELECT")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the WITH clause defines {@code name}. The statement's target is then still the real
     * table, but in the counting SELECT the name would mean the common table expression.
     */
    private boolean namesCommonTableExpression(int verb, String name) {
        int depth = 0;
        for (int j = from + 1; j < verb; j++) {
            TokenKind kind = tokens.kind(j);
            if (kind == TokenKind.OPEN_PAREN) {
                depth++;
            } else if (kind == TokenKind.CLOSE_PAREN) {
                depth--;
            } else if (depth == 0 && tokens.isName(j) && name.equalsIgnoreCase(tokens.name(j))
                    && (tokens.isAnyWord(j - 1, "WITH", "RECURSIVE") || tokens.is(j - 1, TokenKind.COMMA))) {
                return true;
            }
        }
        return false;
    }

    /** Past {@code [AS alias] [INDEXED BY index | NOT INDEXED]}. */
    private int targetEnd(int i) {
        int j = i;
        if (tokens.isWord(j, "AS")) {
            j += 2;
        }
        if (tokens.isWord(j, "INDEXED") && tokens.isWord(j + 1, "BY")) {
            j += 3;
        } else if (tokens.isWord(j, "NOT") && tokens.isWord(j + 1, "INDEXED")) {
            j += 2;
        }
        return Math.min(j, to);
    }

    /**
     * The first of {@code keywords} outside parentheses from {@code i}, or the statement's end.
     * A FROM right after DISTINCT belongs to {@code IS [NOT] DISTINCT FROM}, not to the UPDATE.
     */
    private int find(int i, String[] keywords) {
        int depth = 0;
        for (int j = i; j < to; j++) {
            TokenKind kind = tokens.kind(j);
            if (kind == TokenKind.OPEN_PAREN) {
                depth++;
            } else if (kind == TokenKind.CLOSE_PAREN) {
                depth--;
            } else if (depth == 0 && tokens.isAnyWord(j, keywords)
                    && !(tokens.isWord(j, "FROM") && tokens.isWord(j - 1, "DISTINCT"))) {
                return j;
            }
        }
        return to;
    }

    /** Copies tokens {@code [start, end)} with what lies between them, parameters as {@code ?}. */
    private void append(int start, int end) {
        if (start >= end) {
            return;
        }
        int copied = tokens.start(start);
        for (int j = start; j < end; j++) {
            if (tokens.is(j, TokenKind.PARAMETER)) {
                sql.append(tokens.sql(), copied, tokens.start(j)).append('?');
                copied = tokens.end(j);
                if (sourceCount == sources.length) {
                    sources = Arrays.copyOf(sources, sourceCount * 2);
                }
                sources[sourceCount++] = parameterIndexes[j - from];
            }
        }
        sql.append(tokens.sql(), copied, tokens.end(end - 1));
    }

    private static RowChange unreadable(Danger danger, String statement) {
        return new RowChange(danger, new SqlName(null, "?", "a table"), null, null, new int[0], null, null, false, true,
                statement, "its form was not understood");
    }
}
