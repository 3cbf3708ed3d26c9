package dev.safesqlite.internal.export;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * A file name for each table: the table's name where it is a safe file name, otherwise with
 * unsafe characters replaced by {@code _}; made unique ignoring case, because {@code Orders} and
 * {@code orders} are two tables but one file on macOS and Windows. manifest.json maps each
 * table to its file.
 */
final class CsvFileNames {

    private final Set<String> taken = new HashSet<>();

    String forTable(String table) {
        String base = table.replaceAll("[^A-Za-z0-9._-]", "_");
        if (base.isEmpty() || base.startsWith(".")) base = "_" + base;
        String name = base + ".csv";
        for (int i = 2; !taken.add(name.toLowerCase(Locale.ROOT)); i++) {
            name = base + "-" + i + ".csv";
        }
        return name;
    }
}
