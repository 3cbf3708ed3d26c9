package dev.safesqlite.internal.classify;

import java.util.List;

/**
 * How SQLite's {@code EXPLAIN QUERY PLAN} says a DELETE or UPDATE finds its rows, when that is
 * one search by key with each constrained column given by equality:
 *
 * <pre>
 * SEARCH t USING INTEGER PRIMARY KEY (rowid=?)          the rowid: one row at most
 * SEARCH t USING PRIMARY KEY (k=? AND j=?)              a WITHOUT ROWID table's primary key
 * SEARCH t USING [COVERING ]INDEX name (a=? AND b=?)    an index, unique or not
 * </pre>
 *
 * For the last two the caller still checks that the index is unique and not partial, and that
 * {@code constraints} is exactly {@code c1=? AND ... AND cn=?} over all of its columns, in
 * order. A scalar subquery compared with the key is one value when it is uncorrelated (its own
 * loops are not top-level rows); a correlated one ({@code CORRELATED SCALAR SUBQUERY}) is refused
 * even should SQLite ever search with it. The plan shows an IN list or an OR as {@code (rowid=?)} too: only a WHERE made of plain
 * equalities may be judged from it. Names are printed unquoted, so a line whose names could
 * pass for plan text (a second {@code " USING "}) is not read at all.
 *
 * @param index       the index searched; null for the rowid ({@link #ROWID}) and for a WITHOUT
 *                    ROWID table's primary key
 * @param constraints what the plan prints between the parentheses
 */
record UniqueKeySearch(String index, String constraints) {

    static final UniqueKeySearch ROWID = new UniqueKeySearch(null, "rowid=?");

    private static final String USING = " USING ";
    private static final String ROWID_PLAN = "INTEGER PRIMARY KEY (rowid=?)";
    private static final String PRIMARY_KEY = "PRIMARY KEY (";
    private static final String INDEX = "INDEX ";
    private static final String COVERING_INDEX = "COVERING INDEX ";

    boolean isRowid() {
        return this == ROWID;
    }

    /**
     * @param topLevel the {@code detail} of each plan row whose parent is 0, in order
     * @return the search, or null when the statement does not find its rows by one search of
     *         that form (a scan, several loops, a line it cannot read unambiguously)
     */
    static UniqueKeySearch read(List<String> topLevel) {
        String search = null;
        for (String detail : topLevel) {
            if (detail.startsWith("CORRELATED ")) {
                return null; // a subquery that reads the row: the key it gives is not one value
            }
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
        int using = search.indexOf(USING);
        if (using == -1 || search.indexOf(USING, using + 1) != -1) {
            return null;
        }
        String how = search.substring(using + USING.length());
        if (how.equals(ROWID_PLAN)) {
            return ROWID;
        }
        if (how.startsWith(PRIMARY_KEY)) {
            return constraints(null, how.substring(PRIMARY_KEY.length() - 1));
        }
        String named = how.startsWith(INDEX) ? how.substring(INDEX.length())
                : how.startsWith(COVERING_INDEX) ? how.substring(COVERING_INDEX.length()) : null;
        int open = named == null ? -1 : named.lastIndexOf(" (");
        return open <= 0 ? null : constraints(named.substring(0, open), named.substring(open + 1));
    }

    /** From {@code (a=? AND b=?)}. */
    private static UniqueKeySearch constraints(String index, String parenthesised) {
        if (!parenthesised.startsWith("(") || !parenthesised.endsWith(")")) {
            return null;
        }
        return new UniqueKeySearch(index, parenthesised.substring(1, parenthesised.length() - 1));
    }
}
