package dev.safesqlite.internal.continuous;

import dev.safesqlite.internal.backup.BackupName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where continuous protection keeps one database's changes:
 * {@code <backup.dir>/continuous/<db name>/} with {@code changes/} (the change files),
 * {@code points/} (restore points) and {@code database} (the path of the database they are of:
 * two databases of one name in one backup directory must not share a log).
 */
public final class ChangeLog {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    private final Path dir;
    private final Path changes;
    private final Path points;

    private ChangeLog(Path dir) {
        this.dir = dir;
        this.changes = dir.resolve("changes");
        this.points = dir.resolve("points");
    }

    /** The log's directory for {@code database} in {@code backupDir} (nothing is created). */
    public static Path directory(Path backupDir, Path database) {
        return backupDir.resolve("continuous").resolve(BackupName.stem(database));
    }

    /** The log of {@code database}, to read: it may not exist (then it is empty). */
    public static ChangeLog of(Path backupDir, Path database) {
        return new ChangeLog(directory(backupDir, database));
    }

    /** The log, created if needed, refusing one that belongs to another database of the same name. */
    public static ChangeLog create(Path backupDir, Path database) throws IOException {
        ChangeLog log = of(backupDir, database);
        // Owner-only (SPEC 5): the changes are copies of the data, as backups are.
        dev.safesqlite.internal.backup.FilePermissions.createDirectories(log.changes);
        dev.safesqlite.internal.backup.FilePermissions.createDirectories(log.points);
        Path owner = log.dir.resolve("database");
        String path = database.toAbsolutePath().normalize().toString();
        if (Files.exists(owner)) {
            String recorded = Files.readString(owner, StandardCharsets.UTF_8).trim();
            if (!recorded.equals(path) && Files.exists(Path.of(recorded))) {
                throw new IOException("the continuous log " + log.dir + " belongs to " + recorded + ", another database "
                        + "of the same name; give " + path + " a backup directory of its own (safesqlite.backup.dir)");
            }
            if (recorded.equals(path)) return log;
        }
        Path temp = Files.createTempFile(log.dir, ".database-", ".tmp");
        Files.writeString(temp, path + "\n", StandardCharsets.UTF_8);
        Files.move(temp, owner, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return log;
    }

    public Path directory() {
        return dir;
    }

    public Path changesDirectory() {
        return changes;
    }

    public Path pointsDirectory() {
        return points;
    }

    /** The change files, by first txid, the widest first among files that start at one txid. */
    public List<ChangeFile.Name> files() throws IOException {
        List<ChangeFile.Name> names = new ArrayList<>();
        if (!Files.isDirectory(changes)) return names;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(changes, "L*.changes")) {
            for (Path p : ds) {
                ChangeFile.Name n = ChangeFile.Name.parse(p.getFileName().toString());
                if (n != null) names.add(n);
            }
        }
        names.sort(Comparator.comparingLong(ChangeFile.Name::first)
                .thenComparing(Comparator.comparingLong(ChangeFile.Name::last).reversed()));
        return names;
    }

    public Path file(ChangeFile.Name name) {
        return changes.resolve(name.fileName());
    }

    /** The newest transaction kept, or 0 when none is. */
    public long lastTxid() throws IOException {
        return files().stream().mapToLong(ChangeFile.Name::last).max().orElse(0);
    }

    /** The header of the file holding the newest transaction, or null when there is none. */
    public ChangeFile.Header newest() throws IOException {
        ChangeFile.Name best = null;
        for (ChangeFile.Name n : files()) {
            if (best == null || n.last() > best.last() || (n.last() == best.last() && n.level() < best.level())) best = n;
        }
        return best == null ? null : ChangeFile.header(file(best));
    }

    /**
     * The files that hold every transaction from {@code from} to {@code to} in order, preferring
     * few large (compacted) files.
     *
     * @throws GapException naming the first range of txids no file holds
     */
    public List<ChangeFile.Name> chain(long from, long to) throws IOException {
        List<ChangeFile.Name> chosen = new ArrayList<>();
        if (from > to) return chosen;
        List<ChangeFile.Name> all = files();
        long need = from;
        while (need <= to) {
            ChangeFile.Name best = null;
            for (ChangeFile.Name n : all) {
                if (n.first() <= need && n.last() >= need && (best == null || n.last() > best.last())) best = n;
            }
            if (best == null) {
                long missing = need;
                long next = all.stream().mapToLong(ChangeFile.Name::first).filter(f -> f > missing).min().orElse(to + 1);
                throw new GapException("transactions " + RestorePoint.position(need) + " to "
                        + RestorePoint.position(Math.min(next, to + 1) - 1) + " are not kept in " + changes
                        + ": a change file is missing");
            }
            chosen.add(best);
            need = best.last() + 1;
        }
        return chosen;
    }

    /** Records a restore point durably. */
    public Path writePoint(RestorePoint point) throws IOException {
        Files.createDirectories(points);
        String name = String.format("%016x", point.txid()) + "-" + STAMP.format(Instant.parse(point.created())) + "-"
                + point.reason() + ".json";
        Path target = points.resolve(name);
        Path temp = Files.createTempFile(points, ".point-", ".tmp");
        try {
            Files.writeString(temp, point.toJson(), StandardCharsets.UTF_8);
            try (var ch = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            ChangeFile.fsyncDirectory(points);
            return target;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** A restore point and its file. */
    public record StoredPoint(Path file, RestorePoint point) {
    }

    /** The restore points, newest first; unreadable files are skipped. */
    public List<StoredPoint> points() throws IOException {
        List<StoredPoint> list = new ArrayList<>();
        if (!Files.isDirectory(points)) return list;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(points, "*.json")) {
            for (Path p : ds) {
                try {
                    list.add(new StoredPoint(p, RestorePoint.fromJson(Files.readString(p, StandardCharsets.UTF_8))));
                } catch (RuntimeException | IOException e) {
                    // a point file cut by a crash before its rename cannot exist; anything else is not ours
                }
            }
        }
        list.sort(Comparator.comparing((StoredPoint s) -> s.point().created()).reversed()
                .thenComparing(Comparator.comparingLong((StoredPoint s) -> s.point().txid()).reversed()));
        return list;
    }
}
