package dev.safesqlite.cli;

import dev.safesqlite.internal.backup.Manifest;
import dev.safesqlite.internal.backup.StoredBackup;
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
        "Put a backup back in place of the database, after showing what changes and asking.",
        "Validates the backup, shows what changes, asks, backs up the current state (pre-restore), replaces "
                + "the database atomically and checks it; on any failure the original is put back. The application must"
                + " be stopped: a database another process holds open is refused."})
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

        @Option(names = "--undo", description = {"the backup taken before the newest destructive statement (pre-ddl, "
                + "pre-delete, pre-update) the database still holds; run again, it steps back one more statement"})
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

    @Override
    public Integer call() throws CommandFailure, RestoreException, IOException {
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
        if (plan.undo()) doc.put("undo", undoDocument(plan));
        doc.put("dryRun", dryRun);
        if (dryRun) {
            out.line("Dry run: nothing was changed.");
            doc.put("restored", false);
            out.json(doc);
            return ExitCodes.DONE;
        }
        try (PreparedRestore prepared = restore.prepare(plan, target.progress())) {
            // Asked before the pre-restore backup: a "no" leaves nothing behind but its audit event.
            if (!yes) {
                String answer = ask();
                if (!confirms(answer)) {
                    restore.declined(plan, answer);
                    throw new CommandFailure(ExitCodes.USAGE, "not restored: the answer was "
                            + (answer == null ? "none" : "'" + answer.trim() + "'") + ", not 'yes'. Nothing was "
                            + "changed and no pre-restore backup was taken.");
                }
            }
            PreRestore pre = restore.keepCurrentState(plan);
            if (pre.backup() != null) out.line("The current state is kept in the pre-restore backup " + pre.file());
            if (pre.unreadableCopy() != null) out.line("The unreadable current file is kept as " + pre.file());
            doc.put("preRestore", pre.file() == null ? null : pre.file().toString());
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
        if (plan.undo()) {
            out.line("  undo: brings back the database as it was just before " + statement(plan.backup())
                    + ", run " + Output.local(plan.backup().name().created()) + " (local), undoing it and every "
                    + "write after it");
            out.line(plan.nextUndo() == null
                    ? "  this is the oldest destructive statement with a backup: a further --undo has nothing left to undo"
                    : "  a further --undo after this restore brings back the state before " + statement(plan.nextUndo())
                    + ", run " + Output.local(plan.nextUndo().name().created()) + " (local)");
        }
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

    /** The statement a pre-operation backup was taken before, as the operator will recognise it. */
    private static String statement(StoredBackup b) {
        Manifest.Trigger t = b.manifest().trigger();
        return t == null || t.sql() == null ? "the " + b.manifest().reason() + " backup " + b.file().getFileName()
                : "'" + oneLine(t.sql()) + "'";
    }

    private static String oneLine(String sql) {
        String s = sql.replaceAll("\\s+", " ").trim();
        return s.length() > 100 ? s.substring(0, 97) + "..." : s;
    }

    private static Map<String, Object> undoDocument(RestorePlan plan) {
        Map<String, Object> undo = new LinkedHashMap<>();
        undo.put("statement", sql(plan.backup()));
        undo.put("ran", plan.backup().name().created().toString());
        undo.put("nextStatement", plan.nextUndo() == null ? null : sql(plan.nextUndo()));
        undo.put("nextRan", plan.nextUndo() == null ? null : plan.nextUndo().name().created().toString());
        return undo;
    }

    private static String sql(StoredBackup b) {
        return b.manifest().trigger() == null ? null : b.manifest().trigger().sql();
    }

    private String ask() {
        return System.console().readLine("Replace %s with this backup? Type yes (or y) to restore: ", target.file());
    }

    /** "yes" or "y", in any case; anything else, or no answer, is a no. */
    static boolean confirms(String answer) {
        if (answer == null) return false;
        String a = answer.trim().toLowerCase(Locale.ROOT);
        return a.equals("yes") || a.equals("y");
    }
}
