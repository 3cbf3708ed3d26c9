package dev.safesqlite.internal.classify;

import java.util.Arrays;

/**
 * Splits SQL text into tokens the way SQLite's own tokenizer does ({@code tokenize.c}), as far
 * as classification needs: comments and white space vanish, and strings, quoted names, blobs and
 * parameters each become one token, so that nothing inside them is ever read as a keyword or a
 * statement separator. Text SQLite would reject (an unterminated string, a stray character)
 * still becomes some token: the statement then fails in SQLite, which is never destructive.
 */
final class SqlTokenizer {

    private SqlTokenizer() {
    }

    static SqlTokens tokenize(String sql) {
        // SQL averages a token per 3-4 characters: a short statement's arrays are made once
        int capacity = sql.length() / 3 + 8;
        byte[] kinds = new byte[capacity];
        int[] starts = new int[capacity];
        int[] ends = new int[capacity];
        int size = 0;
        int length = sql.length();
        int i = 0;
        while (i < length) {
            char c = sql.charAt(i);
            int start = i;
            TokenKind kind;
            int traits = traits(c);
            if ((traits & SPACE) != 0) {
                i++;
                continue;
            } else if ((traits & IDENTIFIER_START) != 0) {
                if ((c == 'x' || c == 'X') && next(sql, i) == '\'') {
                    kind = TokenKind.BLOB;
                    i = quotedEnd(sql, i + 1, '\'');
                } else {
                    kind = TokenKind.WORD;
                    i = identifierEnd(sql, i);
                }
            } else if ((traits & DIGIT) != 0 || (c == '.' && isDigit(next(sql, i)))) {
                kind = TokenKind.NUMBER;
                i = numberEnd(sql, i);
            } else if (c == '-' && next(sql, i) == '-') {
                i = lineCommentEnd(sql, i);
                continue;
            } else if (c == '/' && next(sql, i) == '*') {
                i = blockCommentEnd(sql, i);
                continue;
            } else if (c == '\'') {
                kind = TokenKind.STRING;
                i = quotedEnd(sql, i, '\'');
            } else if (c == '"' || c == '`') {
                kind = TokenKind.QUOTED_NAME;
                i = quotedEnd(sql, i, c);
            } else if (c == '[') {
                kind = TokenKind.QUOTED_NAME;
                int close = sql.indexOf(']', i + 1);
                i = close < 0 ? length : close + 1;
            } else if (c == '?') {
                kind = TokenKind.PARAMETER;
                i++;
                while (i < length && isDigit(sql.charAt(i))) {
                    i++;
                }
            } else if (c == ':' || c == '@' || c == '#') {
                int nameEnd = identifierEnd(sql, i + 1);
                kind = nameEnd > i + 1 ? TokenKind.PARAMETER : TokenKind.OTHER;
                i = Math.max(nameEnd, i + 1);
            } else if (c == '$') {
                int nameEnd = tclVariableEnd(sql, i + 1);
                kind = nameEnd > i + 1 ? TokenKind.PARAMETER : TokenKind.OTHER;
                i = Math.max(nameEnd, i + 1);
            } else {
                kind = switch (c) {
                    case ';' -> TokenKind.SEMICOLON;
                    case '(' -> TokenKind.OPEN_PAREN;
                    case ')' -> TokenKind.CLOSE_PAREN;
                    case ',' -> TokenKind.COMMA;
                    case '.' -> TokenKind.DOT;
                    default -> TokenKind.OTHER;
                };
                i++;
            }
            if (size == kinds.length) {
                int grown = size * 2;
                kinds = Arrays.copyOf(kinds, grown);
                starts = Arrays.copyOf(starts, grown);
                ends = Arrays.copyOf(ends, grown);
            }
            kinds[size] = (byte) kind.ordinal();
            starts[size] = start;
            ends[size] = i;
            size++;
        }
        return new SqlTokens(sql, kinds, starts, ends, size);
    }

    private static char next(String sql, int i) {
        return i + 1 < sql.length() ? sql.charAt(i + 1) : 0;
    }

    private static int lineCommentEnd(String sql, int i) {
        int newline = sql.indexOf('\n', i + 2);
        return newline < 0 ? sql.length() : newline + 1;
    }

    /** An unterminated block comment runs to the end of the text, as in SQLite. */
    private static int blockCommentEnd(String sql, int i) {
        int close = sql.indexOf("*/", i + 2);
        return close < 0 ? sql.length() : close + 2;
    }

    /** The end of a quoted token opened at {@code i}; a doubled quote is an escaped one. */
    private static int quotedEnd(String sql, int i, char quote) {
        int j = i + 1;
        while (true) {
            int close = sql.indexOf(quote, j);
            if (close < 0) {
                return sql.length();
            }
            if (close + 1 < sql.length() && sql.charAt(close + 1) == quote) {
                j = close + 2;
            } else {
                return close + 1;
            }
        }
    }

    /** Decimal, hexadecimal, with {@code _} separators, fractions and signed exponents. */
    private static int numberEnd(String sql, int i) {
        boolean hex = sql.charAt(i) == '0' && (next(sql, i) == 'x' || next(sql, i) == 'X');
        int j = i;
        while (j < sql.length()) {
            char c = sql.charAt(j);
            boolean exponentSign = (c == '+' || c == '-') && !hex
                    && (sql.charAt(j - 1) == 'e' || sql.charAt(j - 1) == 'E');
            if (isIdentifierPart(c) || c == '.' || exponentSign) {
                j++;
            } else {
                break;
            }
        }
        return j;
    }

    private static int identifierEnd(String sql, int i) {
        int j = i;
        while (j < sql.length() && isIdentifierPart(sql.charAt(j))) {
            j++;
        }
        return j;
    }

    /** {@code $name}, with Tcl's {@code ::} namespaces and an optional {@code (suffix)}. */
    private static int tclVariableEnd(String sql, int i) {
        int length = sql.length();
        int j = i;
        while (j < length) {
            char c = sql.charAt(j);
            if (isIdentifierPart(c)) {
                j++;
            } else if (c == ':' && j + 1 < length && sql.charAt(j + 1) == ':') {
                j += 2;
            } else if (c == '(' && j > i) {
                int close = sql.indexOf(')', j + 1);
                return close < 0 ? j : close + 1;
            } else {
                break;
            }
        }
        return j;
    }

    /** {@link #traits} bits. */
    private static final byte SPACE = 1;
    private static final byte IDENTIFIER_START = 2;
    private static final byte IDENTIFIER_PART = 4;
    private static final byte DIGIT = 8;

    /**
     * What each ASCII character can be, looked up rather than tested in turn: the tokenizer's
     * per-character tests were a third of the parse of a literal INSERT.
     */
    private static final byte[] ASCII = new byte[128];

    static {
        for (char c : " \t\n\r\f".toCharArray()) {
            ASCII[c] = SPACE;
        }
        for (char c = 0; c < 128; c++) {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
                ASCII[c] = IDENTIFIER_START | IDENTIFIER_PART;
            } else if (c >= '0' && c <= '9') {
                ASCII[c] = DIGIT | IDENTIFIER_PART;
            } else if (c == '$') {
                ASCII[c] = IDENTIFIER_PART;
            }
        }
    }

    /** SQLite treats every character above ASCII as a letter of an identifier. */
    private static int traits(char c) {
        return c < 128 ? ASCII[c] : IDENTIFIER_START | IDENTIFIER_PART;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentifierPart(char c) {
        return (traits(c) & IDENTIFIER_PART) != 0;
    }
}
