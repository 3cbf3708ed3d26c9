package dev.safesqlite.internal.classify;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The parse of each SQL string, shared by every connection of the JVM: applications run the
 * same few hundred strings over and over, so after the first time a statement costs one
 * {@link ConcurrentHashMap} look-up. A string is kept from its second parse on
 * ({@link #firstSighting}). Bounded in two ways, in two generations: new entries go to
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
        // Grown as it fills, not sized for a full generation: a miss reads one random slot of the
        // table, and a table of the strings in use (tens to hundreds) stays in the CPU's cache
        // where one made for 2,048 entries (32 KB) did not, beside SQLite's own work.
        final ConcurrentHashMap<String, ParsedSql> entries = new ConcurrentHashMap<>();
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
            if (firstSighting(sql)) {
                return parsed;
            }
        }
        if (current.entries.putIfAbsent(sql, parsed) == null) {
            current.chars.addAndGet(sql.length());
            if (current.isFull()) {
                age(current);
            }
        }
        return parsed;
    }

    /**
     * The hashes of strings parsed once lately, one per slot: a string is kept from its second
     * parse on, so SQL built with new literal values (each string seen once) costs no entry, no
     * garbage that survives a collection, and no early ageing of the strings in use. A collision
     * only keeps a string one parse early; slots are plain ints, written without a lock.
     */
    private static final int[] SEEN_ONCE = new int[1024];

    /** True, and the string remembered as seen, when it was not seen lately. */
    private static boolean firstSighting(String sql) {
        int hash = sql.hashCode(); // computed once per String object, by the look-ups before
        int slot = (hash ^ (hash >>> 16)) & (SEEN_ONCE.length - 1);
        if (SEEN_ONCE[slot] == hash) {
            return false;
        }
        SEEN_ONCE[slot] = hash;
        return true;
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

    /** Whether {@code sql} is kept now, for tests of what is kept. */
    static boolean holds(String sql) {
        return young.entries.containsKey(sql) || old.entries.containsKey(sql);
    }

    /** How many strings are kept now, for tests of the bound. */
    static int size() {
        return young.entries.size() + old.entries.size();
    }
}
