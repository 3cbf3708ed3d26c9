package dev.safesqlite.internal.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The counting queries, as text: what each part of a DELETE or UPDATE becomes. */
class RowChangeParserTest {

    private static RowChange parse(String sql) {
        SqlTokens tokens = SqlTokenizer.tokenize(sql);
        return (RowChange) StatementParser.parse(tokens, 0, tokens.size());
    }

    @Test
    void deleteWithoutWhere() {
        RowChange change = parse("DELETE FROM main.orders");
        assertEquals("SELECT count(*) FROM (SELECT 1 FROM \"main\".\"orders\" LIMIT ?)", change.countSql());
        assertEquals("SELECT count(*) FROM (SELECT 1 FROM \"main\".\"orders\" LIMIT ?)", change.totalSql());
        assertEquals(Danger.DELETE, change.danger());
    }

    @Test
    void aliasAndIndexClauseStayReturningGoes() {
        RowChange change = parse("delete from [orders] as o indexed by orders_customer where o.id > ? returning o.id, ?");
        assertEquals("SELECT count(*) FROM (SELECT 1 FROM \"orders\" as o indexed by orders_customer "
                + "WHERE o.id > ? LIMIT ?)", change.countSql());
        assertArrayEquals(new int[] {1}, change.parameterSources());
    }

    @Test
    void setParametersAreDroppedAndTheRestKeepTheirNumbers() {
        RowChange change = parse("UPDATE OR REPLACE t SET a = ?, b = :b WHERE c = ? AND d = :b");
        assertEquals("SELECT count(*) FROM (SELECT 1 FROM \"t\" WHERE c = ? AND d = ? LIMIT ?)", change.countSql());
        assertArrayEquals(new int[] {3, 2}, change.parameterSources());
        assertEquals(Danger.UPDATE, change.danger());
    }

    @Test
    void updateFromCountsTargetRowsThatHaveAMatch() {
        RowChange change = parse("UPDATE t SET x = f.x FROM f JOIN g ON g.id = f.id WHERE f.id = t.id");
        assertEquals("SELECT count(*) FROM (SELECT 1 FROM \"t\" WHERE EXISTS (SELECT 1 FROM f JOIN g ON g.id = f.id "
                + "WHERE f.id = t.id) LIMIT ?)", change.countSql());
    }

    @Test
    void isDistinctFromInSetIsNoFromClause() {
        RowChange change = parse("UPDATE t SET x = a IS NOT DISTINCT FROM b WHERE id = 1");
        assertEquals("SELECT count(*) FROM (SELECT 1 FROM \"t\" WHERE id = 1 LIMIT ?)", change.countSql());
    }

    @Test
    void orderByLimitIsKeptInAnInnerQuery() {
        RowChange change = parse("DELETE FROM t WHERE x > 0 RETURNING * ORDER BY x DESC LIMIT ? OFFSET 2");
        assertEquals("SELECT count(*) FROM (SELECT 1 FROM (SELECT 1 FROM \"t\" WHERE x > 0 ORDER BY x DESC "
                + "LIMIT ? OFFSET 2) LIMIT ?)", change.countSql());
        assertArrayEquals(new int[] {1}, change.parameterSources());
    }

    @Test
    void aWithClauseIsKeptInFront() {
        RowChange change = parse("WITH RECURSIVE n(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM n WHERE i < 9) "
                + "DELETE FROM t WHERE id IN n AND x = ?");
        assertEquals("WITH RECURSIVE n(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM n WHERE i < 9) "
                + "SELECT count(*) FROM (SELECT 1 FROM \"t\" WHERE id IN n AND x = ? LIMIT ?)", change.countSql());
        assertArrayEquals(new int[] {1, 2}, change.parameterSources());
    }

    @Test
    void commentsInsideTheWhereAreHarmlessInTheRewrite() {
        RowChange change = parse("DELETE FROM t WHERE a = 1 -- first\n AND b = 2 -- last");
        assertEquals("SELECT count(*) FROM (SELECT 1 FROM \"t\" WHERE a = 1 -- first\n AND b = 2 LIMIT ?)",
                change.countSql());
    }

    @Test
    void aTableHiddenByACommonTableExpressionCannotBeCounted() {
        RowChange change = parse("WITH t AS (SELECT 1) DELETE FROM t");
        assertNull(change.countSql());
        assertEquals("a WITH clause hides its table's name", change.notCountable());
    }

    @Test
    void aQualifiedTableIsNotHiddenByACommonTableExpression() {
        RowChange change = parse("WITH t AS (SELECT 1) DELETE FROM main.t");
        assertEquals("WITH t AS (SELECT 1) SELECT count(*) FROM (SELECT 1 FROM \"main\".\"t\" LIMIT ?)",
                change.countSql());
    }

    @Test
    void formsItCannotReadAreKeptAsUncountable() {
        assertNull(parse("DELETE t WHERE 1").countSql());
        assertNull(parse("UPDATE t WHERE 1").countSql());
        assertNull(parse("DELETE FROM t GARBAGE").countSql());
    }

    @Test
    void aTempTableIsNoCandidate() {
        SqlTokens tokens = SqlTokenizer.tokenize("DELETE FROM temp.t");
        assertNull(StatementParser.parse(tokens, 0, tokens.size()));
    }
}
