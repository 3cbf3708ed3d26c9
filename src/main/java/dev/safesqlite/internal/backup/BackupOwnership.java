package dev.safesqlite.internal.backup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which backups in a backup directory are a database's (SPEC section 5). A backup belongs to its
 * database by its directory and its file-name stem; the absolute path its manifest records is a
 * record of where the database was, not a key, so a database directory or a backup directory
 * carried to another path or machine keeps its backups. Only when the backups named for the stem
 * were recorded under more than one path does that path tell databases apart:
 *
 * <ul>
 *   <li>with {@code original}, the operator's word: the backups recorded for that path and for the
 *       database's own path;</li>
 *   <li>one recorded path (or none): all of them;</li>
 *   <li>several: those recorded for the database's own path, plus those of former places of this
 *       database. A recorded path is another database, never a former place, when a file is there
 *       now or when its backups and this path's interleave in time (two databases in use at once).
 *       A path with no file any more whose backups all end before this path's first one is a place
 *       the database was moved from; when several such paths overlap one another in time (two
 *       databases moved together) nothing says which was this one: they are {@link Owned#unclear}
 *       and whoever chooses a backup must name the {@code original} path.</li>
 * </ul>
 *
 * One rule for the engine, the command line and the Java API: they all list through here.
 */
public final class BackupOwnership {

    private BackupOwnership() {
    }

    /** What the rule decided for one database. */
    public record Owned(Path directory, Path database, List<StoredBackup> backups, List<Path> others,
                        List<Path> unclear) {

        /**
         * The backups, when it is clear which they are; otherwise an exception that names the paths
         * found and asks for the original one. For everything that lists or chooses for an operator.
         */
        public List<StoredBackup> requireClear() throws UnclearOwnerException {
            if (unclear.isEmpty()) return backups;
            throw new UnclearOwnerException("the backup directory " + directory + " holds backups of "
                    + unclear.size() + " databases named " + database.getFileName() + ", recorded at "
                    + unclear.stream().map(Path::toString).collect(Collectors.joining(" and "))
                    + ", and " + database + " is neither; say which one it was with --original PATH"
                    + " (from Java: SafeSqlite.withOriginal)");
        }
    }

    /**
     * @param named    every backup in the directory named for the database's stem, newest first
     * @param original the path the operator says the database had when the backups were taken, or null
     */
    public static Owned decide(Path directory, Path database, Path original, List<StoredBackup> named)
            throws UnclearOwnerException {
        Path self = normal(database);
        Map<Path, List<StoredBackup>> byPath = new LinkedHashMap<>();
        for (StoredBackup b : named) byPath.computeIfAbsent(recorded(b, self), p -> new ArrayList<>()).add(b);
        if (original != null) {
            Path was = normal(original);
            if (!byPath.containsKey(was)) {
                throw new UnclearOwnerException("no backup in " + directory + " was recorded for --original " + was
                        + (byPath.isEmpty() ? "; there are no backups of " + database.getFileName() + " there"
                        : "; the paths recorded there are " + join(byPath.keySet())));
            }
            return owned(directory, self, byPath, List.of(was, self), List.of());
        }
        if (byPath.size() <= 1) return owned(directory, self, byPath, List.copyOf(byPath.keySet()), List.of());
        List<StoredBackup> own = byPath.getOrDefault(self, List.of());
        Instant ownFirst = own.isEmpty() ? null : oldest(own);
        List<Path> formerPlaces = new ArrayList<>();
        for (Map.Entry<Path, List<StoredBackup>> e : byPath.entrySet()) {
            Path p = e.getKey();
            if (p.equals(self) || Files.exists(p)) continue;
            if (ownFirst == null || newest(e.getValue()).isBefore(ownFirst)) formerPlaces.add(p);
        }
        formerPlaces.sort(Comparator.comparing(p -> oldest(byPath.get(p))));
        for (int i = 1; i < formerPlaces.size(); i++) {
            if (!newest(byPath.get(formerPlaces.get(i - 1))).isBefore(oldest(byPath.get(formerPlaces.get(i))))) {
                return owned(directory, self, byPath, List.of(self), formerPlaces);
            }
        }
        List<Path> mine = new ArrayList<>(formerPlaces);
        mine.add(self);
        return owned(directory, self, byPath, mine, List.of());
    }

    private static Owned owned(Path directory, Path self, Map<Path, List<StoredBackup>> byPath, List<Path> mine,
                               List<Path> unclear) {
        List<StoredBackup> backups = new ArrayList<>();
        List<Path> others = new ArrayList<>();
        byPath.forEach((p, list) -> {
            if (mine.contains(p)) backups.addAll(list);
            else if (!unclear.contains(p)) others.add(p);
        });
        backups.sort(Comparator.comparing((StoredBackup b) -> b.name().created()).reversed());
        return new Owned(directory, self, List.copyOf(backups), List.copyOf(others), List.copyOf(unclear));
    }

    /** The path a backup's manifest records; one without a record counts as the database's own. */
    private static Path recorded(StoredBackup b, Path self) {
        String db = b.manifest().database();
        return db == null || db.isBlank() ? self : normal(Path.of(db));
    }

    private static Path normal(Path p) {
        return p.toAbsolutePath().normalize();
    }

    private static Instant oldest(List<StoredBackup> list) {
        return list.stream().map(b -> b.name().created()).min(Comparator.naturalOrder()).orElseThrow();
    }

    private static Instant newest(List<StoredBackup> list) {
        return list.stream().map(b -> b.name().created()).max(Comparator.naturalOrder()).orElseThrow();
    }

    private static String join(java.util.Collection<Path> paths) {
        return paths.stream().map(Path::toString).collect(Collectors.joining(", "));
    }
}
