package dev.safesqlite.internal.restore;

import dev.safesqlite.internal.audit.AuditEvent;
import dev.safesqlite.internal.backup.BackupDirectory;
import dev.safesqlite.internal.backup.BackupFailedException;
import dev.safesqlite.internal.backup.BackupName;
import dev.safesqlite.internal.backup.BackupVerifier;
import dev.safesqlite.internal.backup.Manifest;
import dev.safesqlite.internal.backup.StoredBackup;
import dev.safesqlite.internal.backup.UnclearOwnerException;
import dev.safesqlite.internal.engine.ProtectedDatabase;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code verify}: proves the backups of a database sound, or names each one that is not: a
 * damaged or truncated file (checksum, size, SQLite's check, row counts), a backup file without
 * its manifest, a manifest without its file or one that cannot be read; optionally restores each
 * into a temporary file through the restore's own code and checks the result against the manifest.
 * Every verdict on a backup is audited as {@code verify.ok} or {@code verify.failed}.
 */
public final class BackupVerification {


    private final ProtectedDatabase database;
    private final boolean full;
    private final boolean restoreTest;

    /**
     * @param full        {@code integrity_check} instead of {@code quick_check}
     * @param restoreTest also restore each backup into a temporary file and check what comes out
     */
    public BackupVerification(ProtectedDatabase database, boolean full, boolean restoreTest) {
        this.database = database;
        this.full = full;
        this.restoreTest = restoreTest;
    }

    /** Every backup and every orphan of the database in its backup directory, newest first. */
    public List<BackupCheck> all(Progress progress) throws RestoreException {
        Path dirPath = database.backupDir();
        if (!Files.isDirectory(dirPath)) {
            throw new RestoreException("there is no backup directory " + dirPath + " for " + database.file()
                    + "; if the backups are elsewhere, pass --backup-dir (or set safesqlite.backup.dir)");
        }
        // Backups of another database of the same file name sharing the directory are not this
        // one's to verify (SPEC section 5); a file without a readable manifest says nobody's name, so
        // it is reported whoever left it.
        Set<String> own;
        try {
            own = database.backups().stream().map(b -> b.file().getFileName().toString()).collect(Collectors.toSet());
        } catch (UnclearOwnerException e) {
            throw new RestoreException(e.getMessage(), e);
        } catch (IOException e) {
            throw new RestoreException("cannot read the backup directory " + dirPath + ": " + e.getMessage(), e);
        }
        // Backup files without a manifest are looked for before taking the lock too: the first
        // lock a process takes removes such leftovers of interrupted backups, and verify names them.
        List<Path> withoutManifest;
        try {
            withoutManifest = scan(dirPath, own).stream().filter(f -> f.orphan() != null).map(f -> f.orphan().file())
                    .filter(p -> !p.getFileName().toString().endsWith(".json")).toList();
        } catch (IOException e) {
            throw new RestoreException("cannot read the backup directory " + dirPath + ": " + e.getMessage(), e);
        }
        BackupDirectory dir = open(dirPath);
        List<Found> found = locked(dir, () -> {
            List<Found> now = new ArrayList<>(scan(dirPath, own));
            for (Path p : withoutManifest) {
                BackupName name = BackupName.parse(p.getFileName().toString(), BackupName.stem(database.file()));
                if (!Files.exists(p) && !Files.exists(p.resolveSibling(name.manifestName()))) {
                    now.add(orphan(p, name.reason(), "a backup file without its manifest " + name.manifestName()
                            + ": nothing proved it complete (an interrupted backup leaves such a file), and "
                            + "SafeSQLite removed it as such a leftover"));
                }
            }
            now.sort(Comparator.comparing((Found f) -> (f.backup() != null ? f.backup().file() : f.orphan().file())
                    .getFileName().toString()).reversed());
            return now;
        });
        List<BackupCheck> checks = new ArrayList<>();
        int i = 0;
        for (Found f : found) {
            i++;
            if (f.orphan() != null) {
                checks.add(f.orphan());
            } else {
                StoredBackup b = f.backup();
                progress.start("verifying " + i + "/" + found.size() + " " + b.file().getFileName(), 1, "backup");
                try {
                    checks.add(locked(dir, () -> check(b, dir)));
                } finally {
                    progress.done();
                }
            }
        }
        checks.forEach(this::audit);
        return checks;
    }

    /** One backup, named by path or by file name in the backup directory. */
    public BackupCheck one(Path backup, Progress progress) throws RestoreException {
        StoredBackup b;
        try {
            b = BackupChoice.choose(new BackupChoice.File(backup), database.file(), database.backupDir(), List.of());
        } catch (DamagedBackupException e) {
            BackupCheck damaged = new BackupCheck(backup, null, e.getMessage());
            audit(damaged);
            return damaged;
        }
        BackupDirectory dir = open(b.file().getParent());
        progress.start("verifying " + b.file().getFileName(), 1, "backup");
        try {
            BackupCheck c = locked(dir, () -> check(b, dir));
            audit(c);
            return c;
        } finally {
            progress.done();
        }
    }

    private BackupCheck check(StoredBackup b, BackupDirectory dir) throws IOException {
        BackupVerifier.Result r = BackupVerifier.verify(b, dir, full);
        if (!r.ok()) return new BackupCheck(b.file(), b.manifest().reason(), r.problem());
        if (restoreTest) {
            Path trial = dir.newTempFile(".db");
            try {
                RestoredCopy.write(b, trial, Progress.NONE);
                String problem = RestoredCheck.problem(trial, b.manifest().tables(), b.manifest().userVersion(), false);
                if (problem != null) {
                    return new BackupCheck(b.file(), b.manifest().reason(), "the restore test failed: " + problem);
                }
            } finally {
                Files.deleteIfExists(trial);
                Files.deleteIfExists(trial.resolveSibling(trial.getFileName() + "-journal"));
            }
        }
        return new BackupCheck(b.file(), b.manifest().reason(), null);
    }

    /** A backup to check, or an orphan already judged. */
    private record Found(StoredBackup backup, BackupCheck orphan) {
    }

    /**
     * Backups and orphans of the database, newest first (by name, which starts with the time).
     *
     * @param own the file names of the database's backups by the ownership rule; a backup with a manifest not among
     *            them (another database's, or one published since) is left out
     */
    private List<Found> scan(Path dir, Set<String> own) throws IOException {
        String stem = BackupName.stem(database.file());
        List<Path> names = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, stem + "_*")) {
            files.forEach(names::add);
        }
        names.sort(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed());
        List<Found> out = new ArrayList<>();
        for (Path p : names) {
            String n = p.getFileName().toString();
            if (n.endsWith(".json")) {
                String backupName = n.substring(0, n.length() - ".json".length());
                BackupName parsed = BackupName.parse(backupName, stem);
                if (parsed != null && !Files.exists(p.resolveSibling(backupName))) {
                    out.add(orphan(p, parsed.reason(), "a manifest without its backup file " + backupName
                            + ": the backup was deleted or moved; remove the manifest, or put the file back"));
                }
                continue;
            }
            BackupName parsed = BackupName.parse(n, stem);
            if (parsed == null || !BackupName.looksLikeBackup(n)) continue;
            Path manifestFile = p.resolveSibling(parsed.manifestName());
            if (!Files.exists(manifestFile)) {
                out.add(orphan(p, parsed.reason(), "a backup file without its manifest " + manifestFile.getFileName()
                        + ": nothing proves it complete (it may be half-written), so it is not a backup; "
                        + "delete it, or open it with sqlite3 to inspect it"));
                continue;
            }
            try {
                Manifest m = Manifest.fromJson(Files.readString(manifestFile));
                if (!own.contains(n)) continue;
                out.add(new Found(new StoredBackup(p, manifestFile, parsed, m), null));
            } catch (RuntimeException e) {
                out.add(orphan(p, parsed.reason(), "its manifest " + manifestFile.getFileName()
                        + " cannot be read (" + e.getMessage() + "), so nothing proves the backup complete"));
            }
        }
        return out;
    }

    private static Found orphan(Path file, String reason, String problem) {
        return new Found(null, new BackupCheck(file, reason, problem));
    }

    private void audit(BackupCheck c) {
        database.record(AuditEvent.of(c.ok() ? "verify.ok" : "verify.failed", database.file().toString())
                .with("backup", c.file().toString())
                .with("full", full)
                .with("restoreTest", restoreTest)
                .with("error", c.problem())
                .build());
    }

    private static BackupDirectory open(Path dir) throws RestoreException {
        try {
            return BackupDirectory.open(dir);
        } catch (BackupFailedException e) {
            throw new RestoreException(e.getMessage(), e);
        }
    }

    private static <T> T locked(BackupDirectory dir, BackupDirectory.LockedWork<T> work) throws RestoreException {
        try {
            return dir.exclusively(work);
        } catch (BackupFailedException e) {
            throw new RestoreException(e.getMessage(), e);
        }
    }
}
