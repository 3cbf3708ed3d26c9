package dev.safesqlite.internal.classify;

/**
 * A statement that must not run without a backup.
 *
 * @param danger    what kind of damage it can do
 * @param statement the single statement (of a string that may hold several) that triggered
 * @param detail    a short human explanation, e.g. "DROP TABLE orders" or "DELETE of 1,204 rows of orders (every row)"
 */
public record Destructive(Danger danger, String statement, String detail) {
}
