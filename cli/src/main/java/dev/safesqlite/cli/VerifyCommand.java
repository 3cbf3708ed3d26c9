package dev.safesqlite.cli;

import dev.safesqlite.internal.restore.BackupCheck;
import dev.safesqlite.internal.restore.BackupVerification;
import dev.safesqlite.internal.restore.RestoreException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "verify", description = {
        "Prove one or all backups sound; exit 3 names every damaged one.",
        "Checks size and SHA-256 against the manifest, SQLite's quick_check (--full: integrity_check) and row"
                + " counts; also finds backup files without a manifest and manifests without a backup."})
final class VerifyCommand implements Callable<Integer> {

    @Mixin
    Target target;

    @Parameters(index = "1", arity = "0..1", paramLabel = "BACKUP",
            description = "one backup (a path, or a file name in the backup directory); default: all")
    Path backup;

    @Option(names = "--full", description = "PRAGMA integrity_check instead of quick_check (slower, thorough)")
    boolean full;

    @Option(names = "--restore-test", description = "also restore each backup into a temporary file and compare it with its manifest")
    boolean restoreTest;

    @Override
    public Integer call() throws CommandFailure, RestoreException {
        target.requireDatabaseOrBackups();
        BackupVerification verification = new BackupVerification(target.engine(), full, restoreTest);
        List<BackupCheck> checks = backup == null
                ? verification.all(target.progress())
                : List.of(verification.one(backup, target.progress()));
        if (checks.isEmpty()) {
            throw new CommandFailure(ExitCodes.FAILED, "there are no backups of " + target.file() + " in "
                    + target.settings().backupDir(target.file()) + " to verify; take one with 'safesqlite backup "
                    + target.database + "'");
        }
        Output out = target.output();
        long damaged = checks.stream().filter(c -> !c.ok()).count();
        for (BackupCheck c : checks) {
            out.line((c.ok() ? "ok       " : "DAMAGED  ") + c.file() + (c.ok() ? "" : "\n         " + c.problem()));
        }
        out.line(checks.size() + " checked" + (restoreTest ? " (with a restore test)" : "") + ", " + damaged + " damaged.");
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("database", target.file().toString());
        doc.put("full", full);
        doc.put("restoreTest", restoreTest);
        doc.put("damaged", damaged);
        doc.put("backups", checks.stream().map(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", c.file().toString());
            m.put("reason", c.reason());
            m.put("ok", c.ok());
            m.put("problem", c.problem());
            return m;
        }).toList());
        out.json(doc);
        return damaged == 0 ? ExitCodes.DONE : ExitCodes.DAMAGE_FOUND;
    }
}
