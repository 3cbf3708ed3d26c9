package dev.safesqlite.internal.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reading plan lines as SQLite 3.54 prints them (ConnectionLookupsTest and the corpus run the
 * real ones). Whether the constraints cover a unique index is the caller's check.
 */
class UniqueKeySearchTest {

    @Test
    void theRowidIsOneRow() {
        assertSame(UniqueKeySearch.ROWID, UniqueKeySearch.read(List.of("SEARCH t USING INTEGER PRIMARY KEY (rowid=?)")));
        assertSame(UniqueKeySearch.ROWID, UniqueKeySearch.read(
                List.of("SEARCH aux.z USING INTEGER PRIMARY KEY (rowid=?)", "SCALAR SUBQUERY 1")));
    }

    @Test
    void anIndexIsNamedWithTheConstraintsItIsSearchedBy() {
        assertEquals(new UniqueKeySearch("sqlite_autoindex_t_2", "a=? AND b=?"),
                UniqueKeySearch.read(List.of("SEARCH t USING INDEX sqlite_autoindex_t_2 (a=? AND b=?)")));
        assertEquals(new UniqueKeySearch("odd (name)", "b=? AND name=?"),
                UniqueKeySearch.read(List.of("SEARCH t USING COVERING INDEX odd (name) (b=? AND name=?)")));
        assertEquals(new UniqueKeySearch(null, "k=? AND j=?"),
                UniqueKeySearch.read(List.of("SEARCH w USING PRIMARY KEY (k=? AND j=?)")));
        assertEquals(new UniqueKeySearch("i", "a=? AND b>?"),
                UniqueKeySearch.read(List.of("SEARCH t USING INDEX i (a=? AND b>?)")));
    }

    /** A correlated subquery gives each row its own value: never one key, whatever the search line says. */
    @Test
    void aCorrelatedSubqueryIsNoKeySearch() {
        assertNull(UniqueKeySearch.read(List.of("SCAN t", "CORRELATED SCALAR SUBQUERY 1")));
        assertNull(UniqueKeySearch.read(
                List.of("SEARCH t USING INTEGER PRIMARY KEY (rowid=?)", "CORRELATED SCALAR SUBQUERY 1")));
    }

    @Test
    void rangesScansAndSeveralLoopsAreNoKeySearch() {
        assertNull(UniqueKeySearch.read(List.of("SEARCH t USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)")));
        assertNull(UniqueKeySearch.read(List.of("SCAN t")));
        assertNull(UniqueKeySearch.read(List.of("MULTI-INDEX OR")));
        assertNull(UniqueKeySearch.read(List.of()));
        assertNull(UniqueKeySearch.read(List.of("SEARCH t USING INTEGER PRIMARY KEY (rowid=?)", "SCAN f")));
    }

    @Test
    void namesThatReadLikePlanTextMakeTheLineUnreadable() {
        // DELETE FROM t AS "q USING PRIMARY KEY (z=?)" WHERE a = 1, with an index on a
        assertNull(UniqueKeySearch.read(List.of("SEARCH q USING PRIMARY KEY (z=?) USING INDEX ia (a=?)")));
        // an index named "x USING INTEGER PRIMARY KEY" on a column named rowid
        assertNull(UniqueKeySearch.read(List.of("SEARCH t USING INDEX x USING INTEGER PRIMARY KEY (rowid=?)")));
    }
}
