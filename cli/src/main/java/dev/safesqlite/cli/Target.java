package dev.safesqlite.cli;

import dev.safesqlite.SafeSqlite;
import dev.safesqlite.internal.config.InvalidSettingException;
import dev.safesqlite.internal.config.Setting;
import dev.safesqlite.internal.config.Source;
import dev.safesqlite.internal.config.Settings;
import dev.safesqlite.internal.config.SettingsResolver;
import dev.safesqlite.internal.engine.ProtectedDatabase;
import dev.safesqlite.internal.restore.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What every command takes: the database first, {@code --json}, and the settings that find its
 * backups. Settings come from the same sources as the application's (environment
 * {@code SAFESQLITE_*}, {@code -Dsafesqlite.*}, {@code ./safesqlite.properties}); the options
 * here take precedence.
 */
final class Target {

    @Parameters(index = "0", paramLabel = "DB", description = "the database file")
    Path database;

    @Option(names = "--json", description = "print the result as JSON on standard output (no progress bars)")
    boolean json;

    @Option(names = "--backup-dir", paramLabel = "DIR",
            description = "where the backups are (default: safesqlite.backup.dir, else <database directory>/backups)")
    Path backupDir;

    @Option(names = "--original", paramLabel = "PATH",
            description = {"for list, stats, verify, restore, prune: the path the database had when its backups were",
                    "taken; needed only when the backup directory holds backups of two databases of this file name",
                    "and neither was at DB's path (backups follow a moved database by themselves)"})
    Path original;

    @Option(names = {"-s", "--setting"}, paramLabel = "KEY=VALUE",
            description = "any safesqlite setting, e.g. -s retain.last=20 (repeatable)")
    List<String> settings = new ArrayList<>();

    private Settings resolved;

    Path file() {
        return database.toAbsolutePath().normalize();
    }

    Properties overrides() throws CommandFailure {
        Properties p = new Properties();
        for (String s : settings) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new CommandFailure(ExitCodes.USAGE, "--setting " + s + " is not KEY=VALUE (e.g. -s retain.last=20)");
            }
            String key = s.substring(0, eq).trim();
            p.setProperty(key.startsWith("safesqlite.") ? key : "safesqlite." + key, s.substring(eq + 1).trim());
        }
        if (backupDir != null) p.setProperty("safesqlite.backup.dir", backupDir.toAbsolutePath().toString());
        return p;
    }

    Settings settings() throws CommandFailure {
        if (resolved == null) {
            try {
                resolved = SettingsResolver.builder().commandLine(overrides()).resolve();
            } catch (InvalidSettingException e) {
                throw new CommandFailure(ExitCodes.USAGE, e.getMessage());
            }
        }
        return resolved;
    }

    /** The engine's view of the database: no background work, nothing registered. */
    ProtectedDatabase engine() throws CommandFailure {
        return ProtectedDatabase.detached(file(), settings()).withOriginal(original);
    }

    SafeSqlite api() throws CommandFailure {
        settings(); // a wrong -s is reported as coming from the command line, before SafeSqlite reads it again
        try {
            SafeSqlite api = SafeSqlite.of(file(), overrides());
            return original == null ? api : api.withOriginal(original);
        } catch (SQLException e) {
            throw new CommandFailure(ExitCodes.USAGE, e.getMessage());
        }
    }

    Output output() {
        return new Output(json);
    }

    Progress progress() {
        return ProgressBars.forOutput(json);
    }

    /** For commands that need the file itself (backup, export, checkpoint, vacuum). */
    void requireDatabase() throws CommandFailure {
        refuseDirectory();
        if (original != null) {
            throw new CommandFailure(ExitCodes.USAGE, "--original chooses among existing backups (list, stats, verify, "
                    + "restore, prune); this command works on the database itself, so leave it out");
        }
        if (!Files.isRegularFile(file())) {
            throw new CommandFailure(ExitCodes.FAILED, "the database " + file() + " does not exist; check the path");
        }
    }

    /** A directory given as the database is a wrong path, not a missing database (nor one without backups). */
    private void refuseDirectory() throws CommandFailure {
        if (Files.isDirectory(file())) {
            throw new CommandFailure(ExitCodes.FAILED, file() + " is a directory, not a database file; name the "
                    + "database file itself, e.g. " + file().resolve("app.db"));
        }
    }

    private String backupDirSource() throws CommandFailure {
        if (backupDir != null) return "--backup-dir";
        Source source = settings().sourceOf(Setting.BACKUP_DIR);
        return source == Source.DEFAULT ? "the default is <database directory>/backups; pass --backup-dir DIR"
                : "safesqlite.backup.dir, from " + source.description();
    }

    /** For commands about backups, which still work when the database is gone, but not when nothing is there. */
    void requireDatabaseOrBackups() throws CommandFailure {
        refuseDirectory();
        Path dir = settings().backupDir(file());
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new CommandFailure(ExitCodes.FAILED, "the backup directory " + dir + " is a file, not a directory; "
                    + "name the directory the backups are in (" + backupDirSource() + ")");
        }
        if (!Files.exists(file()) && !Files.isDirectory(dir)) {
            throw new CommandFailure(ExitCodes.FAILED, "the database " + file() + " does not exist and there is no "
                    + "backup directory " + dir + "; check the path, or pass --backup-dir if the backups are elsewhere");
        }
    }
}
