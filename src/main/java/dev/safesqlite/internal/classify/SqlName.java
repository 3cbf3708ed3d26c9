package dev.safesqlite.internal.classify;

/**
 * A possibly schema-qualified object name from a statement.
 *
 * @param schema  the schema as written, unquoted, or null when the name is unqualified
 * @param name    the object name, unquoted
 * @param written the name as the statement spells it, for messages
 * @param key     {@code schema.name} in lower case, {@code main} for an unqualified name: what a
 *                connection remembers the table's traits under, made once with the parse rather
 *                than on every look-up
 */
record SqlName(String schema, String name, String written, String key) {

    SqlName(String schema, String name, String written) {
        this(schema, name, written, (schema == null ? "main" : schema.toLowerCase(java.util.Locale.ROOT)) + "."
                + name.toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * Names read lately, found again by their exact text: a statement built with new literal
     * values names the same table every time, and unquoting and lower-casing it again was a
     * sixth of its parse. Slots are overwritten without a lock; a name is immutable, so a
     * thread sees a whole one or another, and a name is reused only when its text is the same.
     */
    private static final SqlName[] RECENT = new SqlName[16];

    /** Reads {@code name} or {@code schema.name} at token {@code i}; null when none is there. */
    static SqlName read(SqlTokens tokens, int i) {
        if (!tokens.isName(i)) {
            return null;
        }
        boolean qualified = tokens.is(i + 1, TokenKind.DOT) && tokens.isName(i + 2);
        String sql = tokens.sql();
        int start = tokens.start(i);
        int length = tokens.end(qualified ? i + 2 : i) - start;
        int slot = (length * 31 + sql.charAt(start)) & (RECENT.length - 1);
        SqlName recent = RECENT[slot];
        if (recent != null && recent.written.length() == length && (recent.schema != null) == qualified
                && sql.regionMatches(start, recent.written, 0, length)) {
            return recent;
        }
        SqlName read = qualified
                ? new SqlName(tokens.name(i), tokens.name(i + 2), tokens.text(i, i + 3))
                : new SqlName(null, tokens.name(i), tokens.text(i));
        RECENT[slot] = read;
        return read;
    }

    /** How many tokens {@link #read} consumed. */
    int tokenCount() {
        return schema == null ? 1 : 3;
    }

    boolean isTemp() {
        return schema != null && isTempSchema(schema);
    }

    /** The name as SQL, each part quoted, so any spelling of the original works the same. */
    String quoted() {
        return schema == null ? quote(name) : quote(schema) + "." + quote(name);
    }

    static boolean isTempSchema(String schema) {
        return "temp".equalsIgnoreCase(schema);
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
