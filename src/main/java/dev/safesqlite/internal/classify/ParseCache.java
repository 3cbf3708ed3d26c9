package dev.safesqlite.internal.classify;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The parse of each SQL string, shared by every connection of the JVM: applications run the
 * same few hundred strings over and over, so after the first time a statement costs one
 * {@link ConcurrentHashMap} look-up. Bounded in two ways, in two generations: new entries go to
 * the young generation; when it holds {@value #GENERATION_ENTRIES} entries or
 * {@value #GENERATION_CHARS} characters of SQL, it becomes the old one and the previous old one
 * is dropped; a hit in the old generation moves back to the young. So strings in use stay,
 * strings used once (SQL built with literals) age out, without a lock or an LRU list on the
 * hot path. Strings longer than {@value #MAX_CACHED_LENGTH} characters are not put in the map:
 * they are usually generated and rarely repeat; the last {@value #RECENT_LONG} of them are kept
 * aside, so one that does repeat (a generated bulk INSERT run in a loop) is parsed once.
 */
final class ParseCache {

    static final int GENERATION_ENTRIES = 2048;
    static final long GENERATION_CHARS = 1L << 20;
    static final int MAX_CACHED_LENGTH = 8192;

    /**
     * Strings beyond {@link #MAX_CACHED_LENGTH} are not kept in the map (hashing one costs a pass
     * over it on every new String object), but the last few are kept here and found by identity or
     * by comparing the text (length first): a generated 25 KB INSERT run again is not parsed again.
     * Strings over {@value #MAX_RECENT_LONG_LENGTH} characters are parsed every time.
     */
    static final int RECENT_LONG = 4;
    static final int MAX_RECENT_LONG_LENGTH = 1 << 20;

    private record LongSql(String sql, ParsedSql parsed) {
    }

    private static final java.util.concurrent.atomic.AtomicReferenceArray<LongSql> RECENT =
            new java.util.concurrent.atomic.AtomicReferenceArray<>(RECENT_LONG);
    private static final java.util.concurrent.atomic.AtomicInteger NEXT_RECENT = new java.util.concurrent.atomic.AtomicInteger();

    private static final class Generation {
        // sized for a full generation: no resize (and re-spread of every entry) while it fills
        final ConcurrentHashMap<String, ParsedSql> entries = new ConcurrentHashMap<>(GENERATION_ENTRIES * 2);
        final AtomicLong chars = new AtomicLong();

        boolean isFull() {
            return entries.size() >= GENERATION_ENTRIES || chars.get() >= GENERATION_CHARS;
        }
    }

    private static volatile Generation young = new Generation();
    private static volatile Generation old = new Generation();

    private ParseCache() {
    }

    static ParsedSql get(String sql) {
        if (sql.length() > MAX_CACHED_LENGTH) {
            return getLong(sql);
        }
        Generation current = young;
        ParsedSql parsed = current.entries.get(sql);
        if (parsed != null) {
            return parsed;
        }
        parsed = old.entries.get(sql);
        if (parsed == null) {
            parsed = ParsedSql.parse(sql);
        }
        if (current.entries.putIfAbsent(sql, parsed) == null) {
            current.chars.addAndGet(sql.length());
            if (current.isFull()) {
                age(current);
            }
        }
        return parsed;
    }

    private static ParsedSql getLong(String sql) {
        for (int i = 0; i < RECENT_LONG; i++) {
            LongSql recent = RECENT.get(i);
            if (recent != null && (recent.sql() == sql
                    || (recent.sql().length() == sql.length() && recent.sql().equals(sql)))) {
                return recent.parsed();
            }
        }
        ParsedSql parsed = ParsedSql.parse(sql);
        if (sql.length() <= MAX_RECENT_LONG_LENGTH) {
            RECENT.set(Math.floorMod(NEXT_RECENT.getAndIncrement(), RECENT_LONG), new LongSql(sql, parsed));
        }
        return parsed;
    }

    private static synchronized void age(Generation full) {
        if (young == full) {
            old = full;
            young = new Generation();
        }
    }

    /** How many strings are kept now, for tests of the bound. */
    static int size() {
        return young.entries.size() + old.entries.size();
    }
}
