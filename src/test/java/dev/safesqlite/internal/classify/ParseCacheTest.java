package dev.safesqlite.internal.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ParseCacheTest {

    private static final int DELETE = ParsedSql.bit(Danger.DELETE);

    @Test
    void aRepeatedStringIsKeptFromItsSecondParse() {
        String sql = "DELETE FROM cache_test_" + System.nanoTime();
        ParsedSql first = ParseCache.get(sql);
        ParsedSql second = ParseCache.get(new String(sql.toCharArray()));
        assertSame(second, ParseCache.get(new String(sql.toCharArray())));
        assertSame(second, ParseCache.get(sql));
        assertEquals(DELETE, first.dangers(false));
        assertEquals(DELETE, second.dangers(false));
    }

    /**
     * Issue 17: SQL built with new literal values is seen once per string; keeping each one
     * cost a map entry and garbage that outlived collections, for a parse never looked up again.
     */
    @Test
    void aStringSeenOnceIsNotKept() {
        String prefix = "INSERT INTO seen_once(id) VALUES (" + System.nanoTime() + ", ";
        for (int i = 1; i <= 100; i++) {
            String sql = prefix + i + ")";
            assertEquals(DELETE, ParseCache.get(sql).dangers(false), "parsed all the same");
            assertFalse(ParseCache.holds(sql), sql);
        }
        String twice = prefix + "0)";
        ParseCache.get(twice);
        ParseCache.get(twice);
        assertTrue(ParseCache.holds(twice), "a string seen twice is kept");
    }

    @Test
    void harmlessStringsShareOneAnswer() {
        assertSame(ParsedSql.HARMLESS, ParseCache.get("SELECT " + System.nanoTime()));
    }

    @Test
    void staysBoundedHowEverManyStringsPass() {
        for (int i = 0; i < 3 * ParseCache.GENERATION_ENTRIES; i++) {
            ParseCache.get("SELECT " + i + " FROM bounded");
            ParseCache.get("SELECT " + i + " FROM bounded"); // seen twice: kept
        }
        assertTrue(ParseCache.size() <= 2 * ParseCache.GENERATION_ENTRIES, () -> "size " + ParseCache.size());
    }

    @Test
    void stringsInUseOutliveAgeing() {
        String inUse = "UPDATE in_use SET x = " + System.nanoTime();
        ParseCache.get(inUse);
        ParsedSql parsed = ParseCache.get(inUse);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < ParseCache.GENERATION_ENTRIES; i++) {
                String other = "SELECT " + round + ", " + i + " FROM ageing";
                ParseCache.get(other);
                ParseCache.get(other); // kept, so it ages the generations
            }
            assertSame(parsed, ParseCache.get(inUse));
        }
    }

    /**
     * Issue 17: a string beyond the map's limit that runs again (a generated bulk INSERT in a
     * loop) is not parsed again; until then such strings were parsed on every execution. Only the
     * last few are kept, so they stay bounded.
     */
    @Test
    void veryLongStringsAreKeptOnlyWhileRecent() {
        String huge = "DELETE FROM t WHERE id IN (" + "1,".repeat(ParseCache.MAX_CACHED_LENGTH) + "1)";
        ParsedSql first = ParseCache.get(huge);
        assertEquals(DELETE, first.dangers(false));
        assertSame(first, ParseCache.get(huge));
        assertSame(first, ParseCache.get(new String(huge.toCharArray())));
        String sameLength = "SELECT" + huge.substring("DELETE".length()); // as long, harmless
        assertSame(ParsedSql.HARMLESS, ParseCache.get(sameLength));
        for (int i = 0; i < ParseCache.RECENT_LONG; i++) {
            ParseCache.get("SELECT " + i + " FROM t WHERE id IN (" + "1,".repeat(ParseCache.MAX_CACHED_LENGTH) + "1)");
        }
        assertNotSame(first, ParseCache.get(huge));
    }

    @Test
    void threadsSeeCorrectAnswersWhileGenerationsTurnOver() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> wrong = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                wrong.add(pool.submit(() -> {
                    int errors = 0;
                    for (int i = 0; i < 3 * ParseCache.GENERATION_ENTRIES; i++) {
                        int n = (i * 7 + seed) % (ParseCache.GENERATION_ENTRIES + 500);
                        boolean delete = n % 2 == 0;
                        String sql = delete ? "DELETE FROM threads WHERE id > " + n : "SELECT " + n + " FROM threads";
                        if (ParseCache.get(sql).dangers(true) != (delete ? DELETE : 0)) {
                            errors++;
                        }
                    }
                    return errors;
                }));
            }
            for (Future<Integer> errors : wrong) {
                assertEquals(0, errors.get());
            }
        } finally {
            pool.shutdown();
        }
    }
}
