package dev.safesqlite.internal.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlTokenizerTest {

    /** Each token as {@code KIND:text}. */
    private static List<String> tokens(String sql) {
        SqlTokens tokens = SqlTokenizer.tokenize(sql);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            out.add(tokens.kind(i) + ":" + tokens.text(i));
        }
        return out;
    }

    @Test
    void commentsVanishWhateverTheyHold() {
        assertEquals(List.of("WORD:SELECT", "NUMBER:1", "WORD:FROM", "WORD:t"),
                tokens("SELECT -- DROP TABLE t;\n 1 /* ; DELETE FROM t */ FROM t -- trailing, no newline"));
    }

    @Test
    void anUnterminatedBlockCommentRunsToTheEnd() {
        assertEquals(List.of("WORD:SELECT", "NUMBER:1"), tokens("SELECT 1 /* DROP TABLE t; "));
    }

    @Test
    void aDashOrSlashAloneIsAnOperator() {
        assertEquals(List.of("NUMBER:1", "OTHER:-", "NUMBER:2", "OTHER:/", "NUMBER:3"), tokens("1 - 2 / 3"));
    }

    @Test
    void stringsKeepSemicolonsCommentsAndDoubledQuotes() {
        assertEquals(List.of("WORD:SELECT", "STRING:'it''s; -- /* DROP'", "COMMA:,", "STRING:''"),
                tokens("SELECT 'it''s; -- /* DROP', ''"));
    }

    @Test
    void quotedNamesInEveryStyle() {
        SqlTokens tokens = SqlTokenizer.tokenize("\"a\"\"b;\" [c;d] `e``f` 'g''h'");
        assertEquals(4, tokens.size());
        assertEquals("a\"b;", tokens.name(0));
        assertEquals("c;d", tokens.name(1));
        assertEquals("e`f", tokens.name(2));
        assertEquals("g'h", tokens.name(3));
        for (int i = 0; i < 4; i++) {
            assertTrue(tokens.isName(i));
            assertFalse(tokens.is(i, TokenKind.WORD));
        }
    }

    @Test
    void aQuotedKeywordIsNotAKeyword() {
        SqlTokens tokens = SqlTokenizer.tokenize("\"DROP\" [DELETE] drop");
        assertFalse(tokens.isWord(0, "DROP"));
        assertFalse(tokens.isWord(1, "DELETE"));
        assertTrue(tokens.isWord(2, "DROP"));
    }

    @Test
    void keywordsMatchInAnyCaseAndOnlyWhole() {
        SqlTokens tokens = SqlTokenizer.tokenize("DeLeTe deleted");
        assertTrue(tokens.isWord(0, "DELETE"));
        assertFalse(tokens.isWord(1, "DELETE"));
        assertFalse(tokens.isWord(2, "DELETE"));
    }

    /** SQLite folds only ASCII letters in keywords; Java's case-insensitive comparison folds more. */
    @Test
    void keywordsFoldOnlyAsciiLetters() {
        SqlTokens tokens = SqlTokenizer.tokenize("\u0131nsert \u017Felect \u212Aey insert");
        assertFalse(tokens.isWord(0, "INSERT")); // dotless i
        assertFalse(tokens.isWord(1, "SELECT")); // long s
        assertFalse(tokens.isWord(2, "KEY")); // Kelvin sign
        assertTrue(tokens.isWord(3, "INSERT"));
    }

    @Test
    void blobsAreOneTokenButAnIdentifierEndingInXIsNot() {
        assertEquals(List.of("BLOB:x'3b'", "BLOB:X''", "WORD:ax", "STRING:'3b'"), tokens("x'3b' X'' ax'3b'"));
    }

    @Test
    void numbersInEveryForm() {
        assertEquals(List.of("NUMBER:1e-3", "NUMBER:0x1F", "NUMBER:.5", "NUMBER:1_000", "NUMBER:2.5E+10",
                        "NUMBER:0xe", "OTHER:-", "NUMBER:1"),
                tokens("1e-3 0x1F .5 1_000 2.5E+10 0xe-1"));
    }

    @Test
    void parametersInEveryForm() {
        assertEquals(List.of("PARAMETER:?", "PARAMETER:?12", "PARAMETER::a", "PARAMETER:@b", "PARAMETER:#c",
                        "PARAMETER:$d::e(f g)", "PARAMETER:$h"),
                tokens("? ?12 :a @b #c $d::e(f g) $h"));
    }

    @Test
    void aColonAloneIsNoParameter() {
        assertEquals(List.of("OTHER::", "WORD:a"), tokens(": a"));
    }

    @Test
    void identifiersMayHoldLettersBeyondAscii() {
        assertEquals(List.of("WORD:DELETE", "WORD:FROM", "WORD:tâble_1$"), tokens("DELETE FROM tâble_1$"));
    }

    @Test
    void anUnterminatedStringRunsToTheEnd() {
        assertEquals(List.of("WORD:SELECT", "STRING:'abc; DROP TABLE t"), tokens("SELECT 'abc; DROP TABLE t"));
    }

    @Test
    void punctuation() {
        assertEquals(List.of("WORD:a", "DOT:.", "WORD:b", "OPEN_PAREN:(", "COMMA:,", "CLOSE_PAREN:)", "SEMICOLON:;"),
                tokens("a.b(,);"));
    }

    @Test
    void manyTokensGrowTheArrays() {
        String sql = "SELECT " + "1,".repeat(10_000) + "1";
        assertEquals(20_002, SqlTokenizer.tokenize(sql).size());
    }
}
