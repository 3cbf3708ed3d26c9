package dev.safesqlite.internal.classify;

import java.util.ArrayList;
import java.util.List;

/**
 * What the text of one SQL string says, independent of any database: its statements that may
 * need a backup, and which kinds of danger they can carry, so that a string with no candidate
 * of a protected kind is answered without touching the connection.
 */
final class ParsedSql {

    /** What a string does to an explicit transaction ({@link #transactionChange(boolean)}). */
    static final byte NO_TRANSACTION_CHANGE = 0;
    static final byte OPENS_TRANSACTION = 1;
    static final byte ENDS_TRANSACTION = 2;

    static final ParsedSql HARMLESS = new ParsedSql(new Candidate[0], false, false, false, NO_TRANSACTION_CHANGE,
            NO_TRANSACTION_CHANGE);


    private final Candidate[] candidates;
    private final boolean firstIsCandidate;
    private final int firstDangers;
    private final int allDangers;
    private final boolean firstChangesSchema;
    private final boolean anyChangesSchema;
    private final byte firstTransaction;
    private final byte allTransaction;

    /**
     * @param candidates         in the order they run
     * @param firstIsCandidate   whether {@code candidates[0]} is the string's first statement, the
     *                           only one that {@code execute} and prepared statements run
     * @param firstChangesSchema whether the first statement may change what names mean (any
     *                           CREATE, DROP, ALTER, ATTACH, DETACH, restore; temp ones included)
     * @param anyChangesSchema   the same for any statement of the string
     * @param firstTransaction   what the first statement does to an explicit transaction
     * @param allTransaction     what the string as a whole does to it (its last BEGIN, SAVEPOINT,
     *                           COMMIT, END or ROLLBACK decides)
     */
    private ParsedSql(Candidate[] candidates, boolean firstIsCandidate, boolean firstChangesSchema,
                      boolean anyChangesSchema, byte firstTransaction, byte allTransaction) {
        this.firstTransaction = firstTransaction;
        this.allTransaction = allTransaction;
        this.candidates = candidates;
        this.firstIsCandidate = firstIsCandidate;
        this.firstChangesSchema = firstChangesSchema;
        this.anyChangesSchema = anyChangesSchema;
        int all = 0;
        for (Candidate candidate : candidates) {
            all |= bit(candidate.danger());
        }
        this.allDangers = all;
        this.firstDangers = firstIsCandidate ? bit(candidates[0].danger()) : 0;
    }

    static ParsedSql parse(String sql) {
        if (JdbcExtendedCommand.isExtendedCommand(sql)) {
            Candidate restore = JdbcExtendedCommand.candidate(sql);
            return restore == null ? HARMLESS : new ParsedSql(new Candidate[] {restore}, true, true, true,
                    NO_TRANSACTION_CHANGE, NO_TRANSACTION_CHANGE);
        }
        SqlTokens tokens = SqlTokenizer.tokenize(sql);
        int[] ranges = StatementSplitter.split(tokens);
        List<Candidate> found = null;
        boolean firstIsCandidate = false;
        boolean firstChangesSchema = false;
        boolean anyChangesSchema = false;
        byte firstTransaction = NO_TRANSACTION_CHANGE;
        byte allTransaction = NO_TRANSACTION_CHANGE;
        for (int k = 0; k < ranges.length; k += 2) {
            if (tokens.isAnyWord(ranges[k], "CREATE", "DROP", "ALTER", "ATTACH", "DETACH")) {
                firstChangesSchema |= k == 0;
                anyChangesSchema = true;
            }
            byte transaction = transactionChange(tokens, ranges[k], ranges[k + 1]);
            if (transaction != NO_TRANSACTION_CHANGE) {
                firstTransaction = k == 0 ? transaction : firstTransaction;
                allTransaction = transaction;
            }
            Candidate candidate = StatementParser.parse(tokens, ranges[k], ranges[k + 1]);
            if (candidate != null) {
                if (found == null) {
                    found = new ArrayList<>(2);
                    firstIsCandidate = k == 0;
                }
                found.add(candidate);
            }
        }
        if (found == null && !anyChangesSchema && allTransaction == NO_TRANSACTION_CHANGE
                && firstTransaction == NO_TRANSACTION_CHANGE) {
            return HARMLESS;
        }
        return new ParsedSql(found == null ? new Candidate[0] : found.toArray(new Candidate[0]), firstIsCandidate,
                firstChangesSchema, anyChangesSchema, firstTransaction, allTransaction);
    }

    /**
     * BEGIN and SAVEPOINT open (or nest in) an explicit transaction; COMMIT, END and ROLLBACK
     * (not ROLLBACK TO) end it. RELEASE is left out: it ends the transaction only when it
     * releases the savepoint that began it, and counting it as "still open" is the safe side.
     */
    private static byte transactionChange(SqlTokens tokens, int from, int to) {
        if (tokens.isAnyWord(from, "BEGIN", "SAVEPOINT")) {
            return OPENS_TRANSACTION;
        }
        if (tokens.isAnyWord(from, "COMMIT", "END")) {
            return ENDS_TRANSACTION;
        }
        if (tokens.isWord(from, "ROLLBACK")) {
            for (int i = from + 1; i < to; i++) {
                if (tokens.isWord(i, "TO")) {
                    return NO_TRANSACTION_CHANGE;
                }
            }
            return ENDS_TRANSACTION;
        }
        return NO_TRANSACTION_CHANGE;
    }

    /** Whether the statements that will run open or end an explicit transaction. */
    byte transactionChange(boolean allStatements) {
        return allStatements ? allTransaction : firstTransaction;
    }

    /** Whether the connection needs to follow this string's schema or transaction changes. */
    boolean changesSchemaOrTransaction(boolean allStatements) {
        return changesSchema(allStatements) || transactionChange(allStatements) != NO_TRANSACTION_CHANGE;
    }

    static int bit(Danger danger) {
        return 1 << danger.ordinal();
    }

    /** The {@link #bit}s of the dangers the statements that will run can carry. */
    int dangers(boolean allStatements) {
        return allStatements ? allDangers : firstDangers;
    }

    /**
     * Whether a statement that will run may change the schema, which can take away a unique key
     * that a remembered "changes one row at most" verdict rests on.
     */
    boolean changesSchema(boolean allStatements) {
        return allStatements ? anyChangesSchema : firstChangesSchema;
    }

    /** The candidates that will run: all of them, or only the first statement's. */
    int runCount(boolean allStatements) {
        return allStatements ? candidates.length : (firstIsCandidate ? 1 : 0);
    }

    Candidate candidate(int k) {
        return candidates[k];
    }

    /** Whether candidate {@code k} is the first statement of the string. */
    boolean isFirstStatement(int k) {
        return k == 0 && firstIsCandidate;
    }
}
