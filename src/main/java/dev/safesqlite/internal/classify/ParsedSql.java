package dev.safesqlite.internal.classify;


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

    private static final Candidate[] NO_CANDIDATES = new Candidate[0];

    static final ParsedSql HARMLESS = new ParsedSql(new Candidate[0], false, false, false, NO_TRANSACTION_CHANGE,
            NO_TRANSACTION_CHANGE, (byte) 0, new byte[0]);

    /** {@link #trialFlags} bits. */
    private static final byte FIRST_WRITES = 1;
    private static final byte ANY_WRITES = 2;
    private static final byte FIRST_FORBIDS_TRIAL = 4;
    private static final byte ANY_FORBIDS_TRIAL = 8;
    private static final byte CHANGE_AFTER_WRITE = 16;
    private static final byte FIRST_DELETES = 32;
    /** {@link #after} bits. */
    static final byte WROTE = 1;
    static final byte CHANGED = 2;


    private final Candidate[] candidates;
    private final boolean firstIsCandidate;
    private final int firstDangers;
    private final int allDangers;
    private final boolean firstChangesSchema;
    private final boolean anyChangesSchema;
    private final byte firstTransaction;
    private final byte allTransaction;
    private final byte trialFlags;
    /** For each candidate: 1 when a statement before it in the string writes, 2 when one that is not a DELETE does. */
    private final byte[] after;

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
                      boolean anyChangesSchema, byte firstTransaction, byte allTransaction, byte trialFlags, byte[] after) {
        this.trialFlags = trialFlags;
        this.after = after;
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
                    NO_TRANSACTION_CHANGE, NO_TRANSACTION_CHANGE, (byte) (FIRST_FORBIDS_TRIAL | ANY_FORBIDS_TRIAL),
                    new byte[1]);
        }
        SqlTokens tokens = SqlTokenizer.tokenize(SqliteText.of(sql));
        int[] ranges = StatementSplitter.split(tokens);
        Candidate[] found = null; // a string with one candidate (the usual one) makes one array
        int count = 0;
        boolean firstIsCandidate = false;
        boolean firstChangesSchema = false;
        boolean anyChangesSchema = false;
        byte firstTransaction = NO_TRANSACTION_CHANGE;
        byte allTransaction = NO_TRANSACTION_CHANGE;
        byte trialFlags = 0;
        byte wrote = 0;
        byte[] after = null; // for each candidate: what the statements before it wrote
        for (int k = 0; k < ranges.length; k += 2) {
            LeadingWord verb = LeadingWord.at(tokens, ranges[k]);
            if (verb.forbidsTrial()) {
                // a trial runs inside a savepoint: none of these can, or would be undone by it
                trialFlags |= k == 0 ? FIRST_FORBIDS_TRIAL | ANY_FORBIDS_TRIAL : ANY_FORBIDS_TRIAL;
            }
            if (verb.changesSchema()) {
                firstChangesSchema |= k == 0;
                anyChangesSchema = true;
            }
            byte transaction = transactionChange(verb, tokens, ranges[k], ranges[k + 1]);
            if (transaction != NO_TRANSACTION_CHANGE) {
                firstTransaction = k == 0 ? transaction : firstTransaction;
                allTransaction = transaction;
            }
            Candidate candidate = StatementParser.parse(verb, tokens, ranges[k], ranges[k + 1]);
            if ((trialFlags & ANY_WRITES) != 0 && (candidate instanceof RowChange || candidate instanceof RowInsert)) {
                trialFlags |= CHANGE_AFTER_WRITE;
            }
            byte writtenBefore = wrote;
            if (verb.writes()) {
                trialFlags |= k == 0 ? FIRST_WRITES | ANY_WRITES : ANY_WRITES;
                wrote |= verb == LeadingWord.DELETE ? WROTE : WROTE | CHANGED;
                if (k == 0 && verb == LeadingWord.DELETE) {
                    trialFlags |= FIRST_DELETES;
                }
            }
            if (candidate != null) {
                if (found == null) {
                    found = new Candidate[1];
                    after = new byte[1];
                    firstIsCandidate = k == 0;
                } else if (count == found.length) {
                    found = java.util.Arrays.copyOf(found, count * 2);
                    after = java.util.Arrays.copyOf(after, count * 2);
                }
                found[count] = candidate;
                after[count] = writtenBefore;
                count++;
            }
        }
        if (found == null && !anyChangesSchema && allTransaction == NO_TRANSACTION_CHANGE
                && firstTransaction == NO_TRANSACTION_CHANGE) {
            return HARMLESS;
        }
        if (found == null) {
            found = NO_CANDIDATES;
            after = new byte[0];
        } else if (count < found.length) {
            found = java.util.Arrays.copyOf(found, count);
            after = java.util.Arrays.copyOf(after, count);
        }
        return new ParsedSql(found, firstIsCandidate, firstChangesSchema, anyChangesSchema, firstTransaction,
                allTransaction, trialFlags, after);
    }

    /**
     * BEGIN and SAVEPOINT open (or nest in) an explicit transaction; COMMIT, END and ROLLBACK
     * (not ROLLBACK TO) end it. RELEASE is left out: it ends the transaction only when it
     * releases the savepoint that began it, and counting it as "still open" is the safe side.
     */
    private static byte transactionChange(LeadingWord verb, SqlTokens tokens, int from, int to) {
        if (verb == LeadingWord.BEGIN || verb == LeadingWord.SAVEPOINT) {
            return OPENS_TRANSACTION;
        }
        if (verb == LeadingWord.COMMIT || verb == LeadingWord.END) {
            return ENDS_TRANSACTION;
        }
        if (verb == LeadingWord.ROLLBACK) {
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

    /** Whether a statement that will run writes rows or schema (WITH counted, to be safe). */
    boolean writes(boolean allStatements) {
        return (trialFlags & (allStatements ? ANY_WRITES : FIRST_WRITES)) != 0;
    }

    /**
     * Whether a statement that will run cannot be part of a trial (transaction control,
     * ATTACH/DETACH, PRAGMA, VACUUM, sqlite-jdbc's backup/restore).
     */
    boolean forbidsTrial(boolean allStatements) {
        return (trialFlags & (allStatements ? ANY_FORBIDS_TRIAL : FIRST_FORBIDS_TRIAL)) != 0;
    }

    /**
     * Whether, when all statements run, a DELETE, UPDATE, INSERT or REPLACE follows a statement
     * that writes: it then runs in a state its count before the string cannot see.
     */
    boolean changeAfterWrite() {
        return (trialFlags & CHANGE_AFTER_WRITE) != 0;
    }

    /** Whether the first statement is a DELETE: it only takes rows away. */
    boolean firstDeletes() {
        return (trialFlags & FIRST_DELETES) != 0;
    }

    /**
     * {@link #WROTE} when a statement before candidate {@code k} in the string writes,
     * {@link #CHANGED} too when one of those is not a DELETE.
     */
    byte writesBefore(int k) {
        return after[k];
    }

    /** Whether every candidate that will run is an INSERT or REPLACE (and there is one). */
    boolean insertsOnly(boolean allStatements) {
        int count = runCount(allStatements);
        for (int k = 0; k < count; k++) {
            if (!(candidates[k] instanceof RowInsert)) {
                return false;
            }
        }
        return count > 0;
    }

    /** Whether candidate {@code k} is the first statement of the string. */
    boolean isFirstStatement(int k) {
        return k == 0 && firstIsCandidate;
    }
}
