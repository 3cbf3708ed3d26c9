package dev.safesqlite;

import dev.safesqlite.internal.backup.BackupDirectory;
import dev.safesqlite.internal.backup.BackupFailedException;
import dev.safesqlite.internal.backup.StoredBackup;
import dev.safesqlite.internal.config.Settings;
import dev.safesqlite.internal.config.SettingsResolver;
import dev.safesqlite.internal.engine.ProtectedDatabase;
import dev.safesqlite.internal.retention.RetentionDecision;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The programmatic face of SafeSQLite's operations on one database, for applications that
 * want a "Backup now" button of their own, and for the command line. Settings come from the
 * same sources as a connection's (SPEC section 3), with {@code overrides} in place of
 * connection properties.
 *
 * <pre>{@code
 * SafeSqlite db = SafeSqlite.of(Path.of("/data/app.db"));
 * BackupInfo b = db.backup(true);          // manual, pinned
 * List<BackupInfo> all = db.list();       // newest first
 * }</pre>
 */
public final class SafeSqlite {

    private final ProtectedDatabase database;

    private SafeSqlite(ProtectedDatabase database) {
        this.database = database;
    }

    /** Operations on {@code database} with the settings of the environment (system properties, environment, file). */
    public static SafeSqlite of(Path database) throws SQLException {
        return of(database, new Properties());
    }

    /** @param overrides {@code safesqlite.*} settings that take precedence over every other source */
    public static SafeSqlite of(Path database, Properties overrides) throws SQLException {
        Settings settings = SettingsResolver.builder().connectionProperties(overrides).resolve();
        return new SafeSqlite(ProtectedDatabase.detached(database, settings));
    }

    /** Sets for a settings map: {@code of(db, Map.of("safesqlite.backup.dir", "/b"))}. */
    public static SafeSqlite of(Path database, Map<String, String> overrides) throws SQLException {
        Properties p = new Properties();
        p.putAll(overrides);
        return of(database, p);
    }

    public Path database() {
        return database.file();
    }

    public Path backupDirectory() {
        return database.backupDir();
    }

    /** Takes a {@code manual} backup now: verified, never deleted by retention. */
    public BackupInfo backup() throws IOException {
        return backup(false);
    }

    /** @param pin also mark it pinned (a manual backup is already kept; pinning documents intent in its manifest) */
    public BackupInfo backup(boolean pin) throws IOException {
        try {
            return BackupInfo.of(database.backup("manual", null, database.settings(), pin));
        } catch (BackupFailedException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Every backup with a manifest, newest first. */
    public List<BackupInfo> list() throws IOException {
        return database.backups().stream().map(BackupInfo::of).toList();
    }

    /** Applies retention now; with {@code dryRun}, only says what it would delete. */
    public List<BackupInfo> prune(boolean dryRun) throws IOException {
        List<StoredBackup> before = database.backups();
        try {
            RetentionDecision d = database.prune(BackupDirectory.open(database.backupDir()), dryRun);
            List<String> gone = d.deleted().stream().map(c -> c.id()).toList();
            return before.stream().filter(b -> gone.contains(b.file().getFileName().toString()))
                    .map(BackupInfo::of).toList();
        } catch (BackupFailedException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    public BackupStats stats() throws IOException {
        List<StoredBackup> all = database.backups();
        if (all.isEmpty()) return new BackupStats(0, 0, null, null, null);
        long bytes = all.stream().mapToLong(b -> b.manifest().bytes()).sum();
        return new BackupStats(all.size(), bytes, all.get(all.size() - 1).name().created(),
                all.get(0).name().created(), all.get(0).manifest().verify());
    }
}
