package dev.safesqlite.internal.classify;

import java.util.Arrays;

/**
 * Finds where each statement of a SQL string begins and ends, as {@code sqlite3_prepare} and
 * {@code sqlite3_exec} walk it: a {@code ;} ends a statement, empty statements are skipped (so
 * {@code ";DELETE FROM t"} runs the DELETE even through {@code execute}), and the body of a
 * {@code CREATE TRIGGER} is part of that one statement up to its {@code ; END}. The grammar puts
 * a {@code ;} after every command of a trigger body, so the body's end is the first {@code END}
 * right after a {@code ;}; a {@code CASE ... END} never follows a {@code ;} and needs no count.
 */
final class StatementSplitter {

    private StatementSplitter() {
    }

    /**
     * @return pairs of token indices: statement {@code k} is tokens {@code [r[2k], r[2k+1])},
     *         without its {@code ;}
     */
    static int[] split(SqlTokens tokens) {
        int[] ranges = new int[8];
        int count = 0;
        int i = 0;
        while (i < tokens.size()) {
            if (tokens.is(i, TokenKind.SEMICOLON)) {
                i++;
                continue;
            }
            int end = startsTrigger(tokens, i) ? triggerEnd(tokens, i) : nextSemicolon(tokens, i);
            if (count + 2 > ranges.length) {
                ranges = Arrays.copyOf(ranges, ranges.length * 2);
            }
            ranges[count++] = i;
            ranges[count++] = end;
            i = end + 1;
        }
        return Arrays.copyOf(ranges, count);
    }

    /** {@code [EXPLAIN [QUERY PLAN]] CREATE [TEMP|TEMPORARY] TRIGGER}. */
    private static boolean startsTrigger(SqlTokens tokens, int i) {
        LeadingWord verb = LeadingWord.at(tokens, i);
        if (verb != LeadingWord.CREATE && verb != LeadingWord.EXPLAIN) {
            return false; // the usual case, told by one look-up
        }
        int j = i;
        if (verb == LeadingWord.EXPLAIN) {
            j++;
            if (tokens.isWord(j, "QUERY") && tokens.isWord(j + 1, "PLAN")) {
                j += 2;
            }
        }
        if (!tokens.isWord(j, "CREATE")) {
            return false;
        }
        j++;
        if (tokens.isAnyWord(j, "TEMP", "TEMPORARY")) {
            j++;
        }
        return tokens.isWord(j, "TRIGGER");
    }

    private static int nextSemicolon(SqlTokens tokens, int i) {
        int j = i;
        while (j < tokens.size() && !tokens.is(j, TokenKind.SEMICOLON)) {
            j++;
        }
        return j;
    }

    /** The {@code ;} after the body's {@code ; END}, or the end of the text. */
    private static int triggerEnd(SqlTokens tokens, int i) {
        boolean afterSemicolon = false;
        boolean endAfterSemicolon = false;
        for (int j = i; j < tokens.size(); j++) {
            if (tokens.is(j, TokenKind.SEMICOLON)) {
                if (endAfterSemicolon) {
                    return j;
                }
                afterSemicolon = true;
                endAfterSemicolon = false;
            } else {
                endAfterSemicolon = afterSemicolon && tokens.isWord(j, "END");
                afterSemicolon = false;
            }
        }
        return tokens.size();
    }
}
