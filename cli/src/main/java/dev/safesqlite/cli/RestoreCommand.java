package dev.safesqlite.cli;

import dev.safesqlite.internal.backup.Manifest;
import dev.safesqlite.internal.restore.BackupChoice;
import dev.safesqlite.internal.restore.PreRestore;
import dev.safesqlite.internal.restore.PreparedRestore;
import dev.safesqlite.internal.restore.Restore;
import dev.safesqlite.internal.restore.RestoreDiff;
import dev.safesqlite.internal.restore.RestoreException;
import dev.safesqlite.internal.restore.RestorePlan;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "restore", description = {
        "Put a backup back: validate it, show what changes, back up the current state (pre-restore), ask,",
        "replace the database atomically, check it; on any failure the original is put back.",
        "The application must be stopped: a database another process holds open is refused."})
final class RestoreCommand implements Callable<Integer> {

    @Mixin
    Target target;

    @Parameters(index = "1", arity = "0..1", paramLabel = "BACKUP",
            description = "a backup file (path, or file name in the backup directory)")
    Path backup;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Which which;

    @Spec
    CommandSpec spec;

    /** The other ways of naming the backup. */
    static final class Which {
        @Option(names = "--latest", description = "the newest backup")
        boolean latest;

        @Option(names = "--before", paramLabel = "TIME", converter = TimeConverter.class,
                description = "the newest backup taken before TIME (2026-03-01T02:00:00Z, '2026-03-01 02:00' local, 2026-03-01)")
        Instant before;

        @Option(names = "--undo", description = "the backup taken before the last destructive statement (pre-ddl, pre-delete, pre-update)")
        boolean undo;

    }

    /** Exactly one of BACKUP, --latest, --before, --undo. */
    private BackupChoice choice() {
        if ((backup == null) == (which == null)) {
            throw new ParameterException(spec.commandLine(), "name the backup to restore: a BACKUP file, or one of "
                    + "--latest, --before TIME, --undo ('safesqlite list " + target.database + "' shows them)");
        }
        if (backup != null) return new BackupChoice.File(backup);
        if (which.before != null) return new BackupChoice.Before(which.before);
        return which.undo ? new BackupChoice.Undo() : new BackupChoice.Latest();
    }

    @Option(names = "--dry-run", description = "validate and show what would change; change nothing")
    boolean dryRun;

    @Option(names = "--yes", description = "do not ask for confirmation (for scripts)")
    boolean yes;

    @Option(names = "--from", paramLabel = "URL",
            description = "fetch the backup from a replica first (s3://BUCKET/PREFIX, file:///PATH): recovery on a machine "
                    + "with no database and no local backups")
    String from;

    @Override
    public Integer call() throws CommandFailure, RestoreException, IOException {
        if (from != null) { // fetched into the backup directory, then restored from there like any local backup
            backup = ReplicaCommands.fetch(target, from, choice());
            which = null;
        }
        BackupChoice choice = choice();
        target.requireDatabaseOrBackups();
        if (!dryRun && !yes && (target.json || !Terminal.interactive())) {
            throw new CommandFailure(ExitCodes.USAGE, "restore asks for confirmation, and there is no terminal to ask on"
                    + (target.json ? " in --json mode" : "") + "; run it again with --yes, or with --dry-run to see what "
                    + "would change. Nothing was done.");
        }
        Output out = target.output();
        Restore restore = new Restore(target.engine());
        RestorePlan plan = restore.plan(choice);
        show(plan, target.file(), out);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("database", target.file().toString());
        doc.put("backup", plan.backup().file().toString());
        doc.put("diff", plan.diff());
        doc.put("dryRun", dryRun);
        if (dryRun) {
            out.line("Dry run: nothing was changed.");
            doc.put("restored", false);
            out.json(doc);
            return ExitCodes.DONE;
        }
        try (PreparedRestore prepared = restore.prepare(plan, target.progress())) {
            PreRestore pre = restore.keepCurrentState(plan);
            if (pre.backup() != null) out.line("The current state is kept in the pre-restore backup " + pre.file());
            if (pre.unreadableCopy() != null) out.line("The unreadable current file is kept as " + pre.file());
            doc.put("preRestore", pre.file() == null ? null : pre.file().toString());
            if (!yes && !confirmed(plan)) {
                throw new CommandFailure(ExitCodes.FAILED, "not restored: the answer was not 'yes'. The database is "
                        + "unchanged" + (pre.file() == null ? "." : "; " + pre.file() + " stays as an extra backup."));
            }
            restore.replace(prepared, pre);
        }
        out.line("Restored " + target.file() + " from " + plan.backup().file().getFileName() + "; it checks out ("
                + Output.rows(plan.backup().manifest().tables()) + ", user_version "
                + plan.backup().manifest().userVersion() + ").");
        doc.put("restored", true);
        out.json(doc);
        return ExitCodes.DONE;
    }

    private static void show(RestorePlan plan, Path database, Output out) {
        Manifest m = plan.backup().manifest();
        // The database restored is the one at the path given; the manifest's path is only where it was then.
        boolean moved = m.database() != null && !Path.of(m.database()).toAbsolutePath().normalize().equals(database);
        out.line("Restore " + plan.backup().file().getFileName() + " over " + database
                + (moved ? " (taken when the database was at " + m.database() + ")" : ""));
        out.line("  taken " + Output.local(plan.backup().name().created()) + " (local), reason " + m.reason()
                + (m.trigger() == null ? "" : ", before: " + m.trigger().sql().replaceAll("\\s+", " ")));
        out.line("  the backup is sound: size and SHA-256 match its manifest, SQLite's quick_check is ok, row counts match");
        if (!plan.current().exists()) {
            out.line("  there is no database file now: the restore creates it");
        } else if (plan.current().unreadable() != null) {
            out.line("  SQLite cannot read the current file (" + plan.current().unreadable() + "): a byte copy of it is kept");
        }
        out.line("");
        out.line(String.format("  %-30s %12s %12s  %s", "TABLE", "ROWS NOW", "AFTER", "CHANGE"));
        for (RestoreDiff.TableChange t : plan.diff().tables()) {
            out.line(String.format("  %-30s %12s %12s  %s", t.table(), t.rowsNow() == null ? "-" : t.rowsNow(),
                    t.rowsAfter() == null ? "-" : t.rowsAfter(), t.change()));
        }
        RestoreDiff d = plan.diff();
        out.line("  user_version: " + d.userVersionNow() + " -> " + d.userVersionAfter()
                + (d.userVersionNow() == d.userVersionAfter() ? " (same)" : " (the schema version changes)"));
        if (!d.appearing().isEmpty()) out.line("  tables that come back: " + String.join(", ", d.appearing()));
        if (!d.disappearing().isEmpty()) out.line("  tables that disappear: " + String.join(", ", d.disappearing()));
        out.line("");
    }

    private boolean confirmed(RestorePlan plan) {
        String answer = System.console().readLine("Replace %s with this backup? Type yes to restore: ", target.file());
        return answer != null && answer.trim().toLowerCase(Locale.ROOT).equals("yes");
    }
}
