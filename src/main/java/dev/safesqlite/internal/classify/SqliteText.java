package dev.safesqlite.internal.classify;

/**
 * The SQL text exactly as SQLite receives it from sqlite-jdbc, which is what must be judged:
 * sqlite-jdbc encodes the Java string with {@code String.getBytes(UTF_8)}, which turns a lone
 * surrogate into {@code ?}, and SQLite stops reading at the first NUL byte, both in
 * {@code sqlite3_prepare} and in {@code sqlite3_exec}. {@code UPDATE t SET a = 1 \u0000 WHERE id = 5}
 * is therefore an UPDATE of every row.
 */
final class SqliteText {

    private SqliteText() {
    }

    static String of(String sql) {
        int length = sql.length();
        for (int i = 0; i < length; i++) {
            char c = sql.charAt(i);
            if (c == 0 || Character.isSurrogate(c)) {
                return rewritten(sql, i);
            }
        }
        return sql; // the usual case: no copy
    }

    private static String rewritten(String sql, int from) {
        StringBuilder text = new StringBuilder(sql.length()).append(sql, 0, from);
        for (int i = from; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == 0) {
                break;
            }
            if (Character.isHighSurrogate(c) && i + 1 < sql.length() && Character.isLowSurrogate(sql.charAt(i + 1))) {
                text.append(c).append(sql.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                text.append('?'); // what the UTF-8 encoder writes for it
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }
}
