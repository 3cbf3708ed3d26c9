package dev.safesqlite.internal.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading the plan lines SQLite 3.54 prints (the real lines; ConnectionLookups runs them). */
class UniqueKeySearchTest {

    @Test
    void theRowidIsOneRow() {
        assertSame(UniqueKeySearch.ROWID, UniqueKeySearch.read(List.of("SEARCH t USING INTEGER PRIMARY KEY (rowid=?)")));
        assertSame(UniqueKeySearch.ROWID, UniqueKeySearch.read(
                List.of("SEARCH aux.z USING INTEGER PRIMARY KEY (rowid=?)", "SCALAR SUBQUERY 1")));
    }

    @Test
    void anIndexIsNamedWithTheColumnsItIsSearchedBy() {
        assertEquals(new UniqueKeySearch("sqlite_autoindex_t_2", false, 2),
                UniqueKeySearch.read(List.of("SEARCH t USING INDEX sqlite_autoindex_t_2 (a=? AND b=?)")));
        assertEquals(new UniqueKeySearch("odd (name)", false, 2),
                UniqueKeySearch.read(List.of("SEARCH t USING COVERING INDEX odd (name) (b=? AND name=?)")));
        assertEquals(new UniqueKeySearch(null, true, 2),
                UniqueKeySearch.read(List.of("SEARCH w USING PRIMARY KEY (k=? AND j=?)")));
    }

    @Test
    void rangesScansAndSeveralLoopsAreNoKeySearch() {
        assertNull(UniqueKeySearch.read(List.of("SEARCH t USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)")));
        assertNull(UniqueKeySearch.read(List.of("SEARCH t USING INDEX i (a=? AND b>=?)")));
        assertNull(UniqueKeySearch.read(List.of("SEARCH t USING INDEX i (a=? AND b<?)")));
        assertNull(UniqueKeySearch.read(List.of("SCAN t")));
        assertNull(UniqueKeySearch.read(List.of("MULTI-INDEX OR")));
        assertNull(UniqueKeySearch.read(List.of()));
        assertNull(UniqueKeySearch.read(List.of("SEARCH t USING INTEGER PRIMARY KEY (rowid=?)", "SCAN f")));
    }
}
