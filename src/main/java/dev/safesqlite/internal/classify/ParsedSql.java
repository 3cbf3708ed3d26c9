package dev.safesqlite.internal.classify;

import java.util.ArrayList;
import java.util.List;

/**
 * What the text of one SQL string says, independent of any database: its statements that may
 * need a backup, and which kinds of danger they can carry, so that a string with no candidate
 * of a protected kind is answered without touching the connection.
 */
final class ParsedSql {

    static final ParsedSql HARMLESS = new ParsedSql(new Candidate[0], false, false, false);

    private final Candidate[] candidates;
    private final boolean firstIsCandidate;
    private final int firstDangers;
    private final int allDangers;
    private final boolean firstChangesSchema;
    private final boolean anyChangesSchema;

    /**
     * @param candidates         in the order they run
     * @param firstIsCandidate   whether {@code candidates[0]} is the string's first statement, the
     *                           only one that {@code execute} and prepared statements run
     * @param firstChangesSchema whether the first statement may change what names mean (any
     *                           CREATE, DROP, ALTER, ATTACH, DETACH, restore; temp ones included)
     * @param anyChangesSchema   the same for any statement of the string
     */
    private ParsedSql(Candidate[] candidates, boolean firstIsCandidate, boolean firstChangesSchema,
                      boolean anyChangesSchema) {
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
            return restore == null ? HARMLESS : new ParsedSql(new Candidate[] {restore}, true, true, true);
        }
        SqlTokens tokens = SqlTokenizer.tokenize(sql);
        int[] ranges = StatementSplitter.split(tokens);
        List<Candidate> found = null;
        boolean firstIsCandidate = false;
        boolean firstChangesSchema = false;
        boolean anyChangesSchema = false;
        for (int k = 0; k < ranges.length; k += 2) {
            if (tokens.isAnyWord(ranges[k], "CREATE", "DROP", "ALTER", "ATTACH", "DETACH")) {
                firstChangesSchema |= k == 0;
                anyChangesSchema = true;
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
        if (found == null && !anyChangesSchema) {
            return HARMLESS;
        }
        return new ParsedSql(found == null ? new Candidate[0] : found.toArray(new Candidate[0]), firstIsCandidate,
                firstChangesSchema, anyChangesSchema);
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
