package dev.safesqlite.internal.backup;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code <db>_<yyyyMMdd-HHmmss-SSS>_<reason>.db[.gz|.zst]} (UTC), and the parse back.
 * {@code <db>} is the database file name without its extension.
 */
public record BackupName(String database, Instant created, String reason, String compressionSuffix) {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);
    private static final Pattern NAME =
            Pattern.compile("(.+)_(\\d{8}-\\d{6}-\\d{3})_([a-z-]+)\\.db(\\.gz|\\.zst)?");

    public BackupName {
        created = created.truncatedTo(ChronoUnit.MILLIS);
    }

    /** The database file name without its extension: {@code app} for {@code app.db}. */
    public static String stem(Path database) {
        String name = database.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    public String fileName() {
        return database + '_' + STAMP.format(created) + '_' + reason + ".db" + compressionSuffix;
    }

    public String manifestName() {
        return fileName() + ".json";
    }

    /** The same name one millisecond later: two backups in one millisecond must not collide. */
    public BackupName nextMillisecond() {
        return new BackupName(database, created.plusMillis(1), reason, compressionSuffix);
    }

    /** Whether a file name has the shape of a backup of any database (manifest or not). */
    public static boolean looksLikeBackup(String fileName) {
        return NAME.matcher(fileName).matches();
    }

    /** Parses a backup file name of the given database; null if it is not one. */
    public static BackupName parse(String fileName, String database) {
        Matcher m = NAME.matcher(fileName);
        if (!m.matches() || !m.group(1).equals(database)) return null;
        try {
            Instant t = STAMP.parse(m.group(2), Instant::from);
            return new BackupName(database, t, m.group(3), m.group(4) == null ? "" : m.group(4));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
