package dev.safesqlite.internal.classify;

import java.util.List;

/**
 * How SQLite's {@code EXPLAIN QUERY PLAN} says a DELETE or UPDATE finds its rows, when that is
 * a search by key with every part of the key given by equality:
 *
 * <pre>
 * SEARCH t USING INTEGER PRIMARY KEY (rowid=?)          the rowid: one row at most
 * SEARCH t USING PRIMARY KEY (k=? AND j=?)              a WITHOUT ROWID table's primary key
 * SEARCH t USING [COVERING ]INDEX name (a=? AND b=?)    an index, unique or not
 * </pre>
 *
 * For the last two the caller still checks that the index is unique, not partial, and has
 * exactly {@code equalities} columns. The plan shows an IN list or an OR as {@code (rowid=?)}
 * too: only a WHERE made of plain equalities may be judged from it.
 *
 * @param index      the index searched; null for the rowid and for the primary key
 * @param primaryKey true for a WITHOUT ROWID table's primary key
 * @param equalities how many columns of the index the plan constrains by equality
 */
record UniqueKeySearch(String index, boolean primaryKey, int equalities) {

    static final UniqueKeySearch ROWID = new UniqueKeySearch(null, false, 1);

    private static final String ROWID_PLAN = " USING INTEGER PRIMARY KEY (rowid=?)";
    private static final String PRIMARY_KEY = " USING PRIMARY KEY (";
    private static final String INDEX = " USING INDEX ";
    private static final String COVERING_INDEX = " USING COVERING INDEX ";

    boolean isRowid() {
        return this == ROWID;
    }

    /**
     * @param topLevel the {@code detail} of each plan row whose parent is 0, in order
     * @return the search, or null when the statement does not find its rows by one search of
     *         that form (a scan, a range, several loops)
     */
    static UniqueKeySearch read(List<String> topLevel) {
        String search = null;
        for (String detail : topLevel) {
            if (detail.startsWith("SEARCH ") || detail.startsWith("SCAN ")) {
                if (search != null) {
                    return null; // more than one loop over tables
                }
                search = detail;
            }
        }
        if (search == null || !search.startsWith("SEARCH ")) {
            return null;
        }
        if (search.endsWith(ROWID_PLAN)) {
            return ROWID;
        }
        int primaryKey = search.indexOf(PRIMARY_KEY);
        if (primaryKey != -1) {
            int equalities = equalities(search.substring(primaryKey + PRIMARY_KEY.length()));
            return equalities == 0 ? null : new UniqueKeySearch(null, true, equalities);
        }
        int using = search.indexOf(INDEX);
        int nameStart = using + INDEX.length();
        if (using == -1) {
            using = search.indexOf(COVERING_INDEX);
            nameStart = using + COVERING_INDEX.length();
        }
        int constraints = search.lastIndexOf(" (");
        if (using == -1 || constraints <= nameStart) {
            return null;
        }
        int equalities = equalities(search.substring(constraints + 2));
        return equalities == 0 ? null : new UniqueKeySearch(search.substring(nameStart, constraints), false, equalities);
    }

    /** {@code a=? AND b=?)}: 2; 0 when any term is not an equality (a range, {@code >=?}). */
    private static int equalities(String constraints) {
        if (!constraints.endsWith(")")) {
            return 0;
        }
        String[] terms = constraints.substring(0, constraints.length() - 1).split(" AND ", -1);
        for (String term : terms) {
            if (!term.endsWith("=?") || term.length() < 3 || "<>!".indexOf(term.charAt(term.length() - 3)) >= 0) {
                return 0;
            }
        }
        return terms.length;
    }
}
