package dev.safesqlite.internal.classify;

import java.util.HashMap;
import java.util.Map;

/**
 * The index SQLite gives each parameter of a statement ({@code sqlite3ExprAssignVarNumber}), in
 * text order: {@code ?} takes one more than the largest index so far, {@code ?NNN} takes NNN,
 * and a named parameter ({@code :a}, {@code @a}, {@code $a}, {@code #a}, each prefix a name of
 * its own) takes the index of its first use, or one more than the largest so far.
 */
final class ParameterNumbering {

    private ParameterNumbering() {
    }

    /** @return for each token of {@code [from, to)}, its parameter index, or 0 if not a parameter */
    static int[] number(SqlTokens tokens, int from, int to) {
        int[] indexes = new int[to - from];
        Map<String, Integer> named = null;
        int largest = 0;
        for (int i = from; i < to; i++) {
            if (!tokens.is(i, TokenKind.PARAMETER)) {
                continue;
            }
            String text = tokens.text(i);
            int index;
            if (text.equals("?")) {
                index = ++largest;
            } else if (text.charAt(0) == '?') {
                index = parseIndex(text);
                largest = Math.max(largest, index);
            } else {
                if (named == null) {
                    named = new HashMap<>();
                }
                Integer known = named.get(text);
                if (known == null) {
                    known = ++largest;
                    named.put(text, known);
                }
                index = known;
            }
            indexes[i - from] = index;
        }
        return indexes;
    }

    /** {@code ?NNN}; an index SQLite would reject becomes 0, which binds no value. */
    private static int parseIndex(String text) {
        try {
            return Integer.parseInt(text, 1, text.length(), 10);
        } catch (NumberFormatException tooLarge) {
            return 0;
        }
    }
}
