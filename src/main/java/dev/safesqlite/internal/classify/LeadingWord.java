package dev.safesqlite.internal.classify;

/**
 * The keyword a statement starts with, read once per statement: the parse asks a statement's
 * first token what it is a few dozen times (does it write, change the schema, end a
 * transaction, forbid a trial), and a comparison against each keyword in turn was a fifth of
 * the parse of a literal INSERT. Only a bare word can be a keyword, folded for ASCII letters
 * only, as {@link SqlTokens#isWord} does.
 */
enum LeadingWord {
    ALTER, ATTACH, BEGIN, COMMIT, CREATE, DELETE, DETACH, DROP, END, EXPLAIN, INSERT, PRAGMA, REINDEX, RELEASE,
    REPLACE, ROLLBACK, SAVEPOINT, UPDATE, VACUUM, WITH,
    /** Any other first token: another keyword, a name, punctuation, or nothing. */
    OTHER;

    private static final int LETTERS = 26;

    /** The keywords of each length and first letter, at {@code length * 26 + letter}. */
    private static final LeadingWord[][] BY_SHAPE = new LeadingWord[10 * LETTERS][];

    static {
        for (LeadingWord word : values()) {
            if (word != OTHER) {
                int shape = word.name().length() * LETTERS + word.name().charAt(0) - 'A';
                LeadingWord[] same = BY_SHAPE[shape];
                same = same == null ? new LeadingWord[1] : java.util.Arrays.copyOf(same, same.length + 1);
                same[same.length - 1] = word;
                BY_SHAPE[shape] = same;
            }
        }
    }

    /** The keyword at token {@code i}, or {@link #OTHER}. */
    static LeadingWord at(SqlTokens tokens, int i) {
        if (!tokens.is(i, TokenKind.WORD)) {
            return OTHER;
        }
        int length = tokens.end(i) - tokens.start(i);
        char first = tokens.sql().charAt(tokens.start(i));
        if (first >= 'a' && first <= 'z') {
            first -= 'a' - 'A';
        }
        if (length >= 10 || first < 'A' || first > 'Z') {
            return OTHER;
        }
        LeadingWord[] same = BY_SHAPE[length * LETTERS + first - 'A'];
        if (same != null) {
            for (LeadingWord word : same) {
                if (tokens.isWord(i, word.name())) {
                    return word;
                }
            }
        }
        return OTHER;
    }

    /** A statement that a trial's savepoint cannot contain, or would undo. */
    boolean forbidsTrial() {
        return switch (this) {
            case BEGIN, COMMIT, END, ROLLBACK, SAVEPOINT, RELEASE, ATTACH, DETACH, PRAGMA, VACUUM -> true;
            default -> false;
        };
    }

    /** A statement that may change what names mean (temp objects included). */
    boolean changesSchema() {
        return switch (this) {
            case CREATE, DROP, ALTER, ATTACH, DETACH -> true;
            default -> false;
        };
    }

    /** A statement that writes rows or schema (WITH counted, to be safe). */
    boolean writes() {
        return switch (this) {
            case INSERT, REPLACE, UPDATE, DELETE, WITH, CREATE, ALTER, DROP -> true;
            default -> false;
        };
    }
}
