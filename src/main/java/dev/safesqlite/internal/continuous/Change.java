package dev.safesqlite.internal.continuous;

import java.util.SortedMap;

/**
 * One committed transaction as continuous protection keeps it: its position ({@code txid}, one
 * more than the transaction before it), when it was kept, the database size it left (in pages)
 * and the last version of every page it wrote. {@code uncaptured}: not one transaction but every
 * write made while no SafeSQLite was keeping frames (found by comparing the database with the last
 * kept state when protection resumed), kept as one change so the chain has no hole.
 */
public record Change(long txid, long timeMillis, int databasePages, boolean uncaptured, SortedMap<Integer, byte[]> pages) {
}
