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
 * hot path. Strings longer than {@value #MAX_CACHED_LENGTH} characters are parsed every time
 * rather than kept: they are usually generated and rarely repeat.
 */
final class ParseCache {

    static final int GENERATION_ENTRIES = 2048;
    static final long GENERATION_CHARS = 1L << 20;
    static final int MAX_CACHED_LENGTH = 8192;

    private static final class Generation {
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
        Generation current = young;
        ParsedSql parsed = current.entries.get(sql);
        if (parsed != null) {
            return parsed;
        }
        parsed = old.entries.get(sql);
        if (parsed == null) {
            parsed = ParsedSql.parse(sql);
        }
        if (sql.length() <= MAX_CACHED_LENGTH && current.entries.putIfAbsent(sql, parsed) == null) {
            current.chars.addAndGet(sql.length());
            if (current.isFull()) {
                age(current);
            }
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
