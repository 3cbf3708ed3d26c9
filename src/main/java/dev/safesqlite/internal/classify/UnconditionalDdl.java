package dev.safesqlite.internal.classify;

/**
 * A schema or whole-database change whose danger does not depend on what exists: VACUUM,
 * REINDEX, sqlite-jdbc's {@code restore from FILE}, and CREATE/DROP forms too unusual to read.
 */
record UnconditionalDdl(String statement, String detail) implements Candidate {

    private static final int DETAIL_LENGTH = 60;

    /** For a statement that is its own best description, shortened to a line. */
    static UnconditionalDdl of(String statement) {
        String oneLine = statement.replaceAll("\\s+", " ");
        return new UnconditionalDdl(statement,
                oneLine.length() <= DETAIL_LENGTH ? oneLine : oneLine.substring(0, DETAIL_LENGTH) + "...");
    }

    @Override
    public Danger danger() {
        return Danger.DDL;
    }

    @Override
    public Destructive check(ConnectionLookups database, Object[] params, boolean firstToRun, long bulkRows) {
        return new Destructive(Danger.DDL, statement, detail);
    }
}
