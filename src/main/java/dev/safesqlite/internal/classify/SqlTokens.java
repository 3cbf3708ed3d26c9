package dev.safesqlite.internal.classify;

/**
 * The tokens of one SQL string (comments and white space dropped), as parallel arrays so that a
 * long script costs three arrays rather than one object per token (the kinds as ordinals: a byte
 * each rather than a reference).
 */
final class SqlTokens {

    private final String sql;
    private static final TokenKind[] KINDS = TokenKind.values();

    private static final byte WORD = (byte) TokenKind.WORD.ordinal();

    private final byte[] kinds;
    private final int[] starts;
    private final int[] ends;
    private final int size;

    SqlTokens(String sql, byte[] kinds, int[] starts, int[] ends, int size) {
        this.sql = sql;
        this.kinds = kinds;
        this.starts = starts;
        this.ends = ends;
        this.size = size;
    }

    String sql() {
        return sql;
    }

    int size() {
        return size;
    }

    TokenKind kind(int i) {
        return KINDS[kinds[i]];
    }

    int start(int i) {
        return starts[i];
    }

    int end(int i) {
        return ends[i];
    }

    String text(int i) {
        return sql.substring(starts[i], ends[i]);
    }

    /** The source text from token {@code from} to token {@code to - 1}, comments inside included. */
    String text(int from, int to) {
        return from >= to ? "" : sql.substring(starts[from], ends[to - 1]);
    }

    /**
     * True when token {@code i} exists and is the bare keyword {@code keyword} (given in upper
     * case). Case is folded for ASCII letters only, as SQLite folds keywords: {@code ınsert}
     * (dotless i) is a name to SQLite, though Java's case-insensitive comparison takes it for
     * INSERT. Also the cheaper comparison: every statement's parse asks this a few dozen times.
     */
    boolean isWord(int i, String keyword) {
        if (i < 0 || i >= size || kinds[i] != WORD) {
            return false;
        }
        int start = starts[i];
        int length = keyword.length();
        if (ends[i] - start != length) {
            return false;
        }
        for (int k = 0; k < length; k++) {
            char c = sql.charAt(start + k);
            if (c >= 'a' && c <= 'z') {
                c -= 'a' - 'A';
            }
            if (c != keyword.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** True when token {@code i} exists and is one of the bare keywords given. */
    boolean isAnyWord(int i, String... keywords) {
        for (String keyword : keywords) {
            if (isWord(i, keyword)) {
                return true;
            }
        }
        return false;
    }

    boolean is(int i, TokenKind kind) {
        return i >= 0 && i < size && kinds[i] == kind.ordinal();
    }

    /** A token that SQLite accepts as a name: an identifier, a quoted name, or a string. */
    boolean isName(int i) {
        return is(i, TokenKind.WORD) || is(i, TokenKind.QUOTED_NAME) || is(i, TokenKind.STRING);
    }

    /** The name token {@code i} stands for, with its quotes removed and doubled quotes undone. */
    String name(int i) {
        String text = text(i);
        switch (KINDS[kinds[i]]) {
            case QUOTED_NAME:
                char open = text.charAt(0);
                String inner = text.substring(1, Math.max(1, text.length() - 1));
                if (open == '[') {
                    return inner;
                }
                return inner.replace(open == '`' ? "``" : "\"\"", open == '`' ? "`" : "\"");
            case STRING:
                return text.substring(1, Math.max(1, text.length() - 1)).replace("''", "'");
            default:
                return text;
        }
    }
}
