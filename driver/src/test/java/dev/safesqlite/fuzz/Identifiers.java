package dev.safesqlite.fuzz;

/** Quoting of SQLite identifiers, the way SQLite's own {@code printf('%w')} does it. */
final class Identifiers {

    private Identifiers() {
    }

    static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
