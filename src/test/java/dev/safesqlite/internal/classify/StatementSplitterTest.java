package dev.safesqlite.internal.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatementSplitterTest {

    private static List<String> statements(String sql) {
        SqlTokens tokens = SqlTokenizer.tokenize(sql);
        int[] ranges = StatementSplitter.split(tokens);
        List<String> out = new ArrayList<>();
        for (int k = 0; k < ranges.length; k += 2) {
            out.add(tokens.text(ranges[k], ranges[k + 1]));
        }
        return out;
    }

    @Test
    void semicolonsSeparateStatements() {
        assertEquals(List.of("SELECT 1", "DELETE FROM t"), statements("SELECT 1; DELETE FROM t;"));
    }

    @Test
    void emptyStatementsAreSkippedAsSqliteDoes() {
        assertEquals(List.of("DROP TABLE t"), statements(" ; ;/* c */; DROP TABLE t ;;"));
        assertEquals(List.of(), statements("-- nothing\n ; /* at all */"));
    }

    @Test
    void semicolonsInStringsCommentsAndNamesDoNotSplit() {
        assertEquals(List.of("SELECT ';', \";\", [;] /* ; */ + 1"), statements("SELECT ';', \";\", [;] /* ; */ + 1 -- ;"));
    }

    @Test
    void aTriggerBodyBelongsToItsCreateTrigger() {
        String trigger = "CREATE TRIGGER tr AFTER INSERT ON t BEGIN DELETE FROM t; UPDATE u SET x = 1; END";
        assertEquals(List.of(trigger, "DROP TABLE t"), statements(trigger + "; DROP TABLE t"));
    }

    @Test
    void caseEndInsideATriggerBodyDoesNotEndIt() {
        String trigger = "create temp trigger tr after update on t when new.x = 'END;' begin "
                + "update u set y = case when new.x > 0 then 'a' else 'b' end; "
                + "select case new.x when 1 then 2 end; end";
        assertEquals(List.of(trigger, "DELETE FROM t"), statements(trigger + ";DELETE FROM t"));
    }

    @Test
    void explainOfATriggerKeepsItsBody() {
        String trigger = "EXPLAIN QUERY PLAN CREATE TRIGGER tr AFTER INSERT ON t BEGIN DELETE FROM t; END";
        assertEquals(List.of(trigger, "SELECT 1"), statements(trigger + ";SELECT 1"));
    }

    @Test
    void aTriggerWithoutEndSwallowsTheRest() {
        String rest = "CREATE TRIGGER tr AFTER INSERT ON t BEGIN DELETE FROM t; DROP TABLE t;";
        assertEquals(List.of(rest), statements(rest));
    }

    @Test
    void anEndThatIsNotAfterASemicolonIsNotTheBodysEnd() {
        // "END" as a value inside the body: only "; END" closes the body.
        String trigger = "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1 AS [end], 'x' end; END";
        assertEquals(List.of(trigger), statements(trigger));
    }
}
