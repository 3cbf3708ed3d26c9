package dev.safesqlite.cli;

import dev.safesqlite.internal.backup.Manifest;
import dev.safesqlite.internal.continuous.RestorePoint;
import dev.safesqlite.internal.restore.MaterializedPoint;
import dev.safesqlite.internal.restore.BackupChoice;
import dev.safesqlite.internal.restore.PreRestore;
import dev.safesqlite.internal.restore.PreparedRestore;
import dev.safesqlite.internal.restore.Restore;
import dev.safesqlite.internal.restore.RestoreDiff;
import dev.safesqlite.internal.restore.RestoreException;
import dev.safesqlite.internal.restore.RestorePlan;
import dev.safesqlite.internal.restore.UndoStep;
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

        @Option(names = "--undo", description = {"the state just before the newest destructive statement the database "
                + "still holds: its pre-ddl/pre-delete/pre-update backup, or with continuous protection its restore "
                + "point (whichever is newer; every write up to the statement included); run again, it steps back one "
                + "more statement"})
        boolean undo;

        @Option(names = "--at", paramLabel = "TIME|POSITION",
                description = {"with continuous protection (safesqlite.continuous=on): the state of the last transaction "
                        + "committed at or before TIME (as --before takes it), or right after a position "
                        + "('tx42', as 'list --points' prints it)"})
        String at;

    }

    /** Exactly one of BACKUP, --latest, --before, --undo. */
    private BackupChoice choice() {
        if ((backup == null) == (which == null)) {
            throw new ParameterException(spec.commandLine(), "name the backup to restore: a BACKUP file, or one of "
                    + "--latest, --before TIME, --undo, --at TIME|POSITION ('safesqlite list " + target.database
                    + "' shows them)");
        }
        if (backup != null) return new BackupChoice.File(backup);
        if (which.at != null) {
            String a = which.at.trim();
            if (a.startsWith("tx")) {
                long txid = RestorePoint.parsePosition(a);
                if (txid < 0) {
                    throw new ParameterException(spec.commandLine(), "--at " + which.at + " is not a position: positions "
                            + "read tx42 ('safesqlite list " + target.database + " --points' shows them)");
                }
                return new BackupChoice.AtPosition(txid);
            }
            try {
                return new BackupChoice.At(new TimeConverter().convert(a));
            } catch (picocli.CommandLine.TypeConversionException e) {
                throw new ParameterException(spec.commandLine(), "--at " + e.getMessage() + ", or a position such as tx42");
            }
        }
        if (which.before != null) return new BackupChoice.Before(which.before);
        return which.undo ? new BackupChoice.Undo() : new BackupChoice.Latest();
    }

    @Option(names = "--dry-run", description = "validate and show what would change; change nothing")
    boolean dryRun;

    @Option(names = "--yes", description = "do not ask for confirmation (for scripts)")
    boolean yes;

    @Option(names = "--from", paramLabel = "URL",
            description = "fetch the backup from a replica first (s3://BUCKET/PREFIX, file:///PATH): recovery on a machine "
                    + "with no database and no local backups; with --at or --undo, continuous protection's snapshot, "
                    + "change files and restore points on the replica")
    String from;

    @Override
    public Integer call() throws CommandFailure, RestoreException, IOException {
        if (from != null) { // fetched into the backup directory, then restored from there like any local backup
            BackupChoice wanted = choice();
            if (wanted instanceof BackupChoice.At || wanted instanceof BackupChoice.AtPosition
                    || wanted instanceof BackupChoice.Undo) {
                ReplicaCommands.fetchPointInTime(target, from, wanted); // then the local --at/--undo goes on
            } else {
                backup = ReplicaCommands.fetch(target, from, wanted);
                which = null;
            }
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
        // A point in time is restored through a temporary backup; closing the plan removes it.
        try (RestorePlan plan = restore.plan(choice)) {
            return restore(restore, plan, out);
        }
    }

    private Integer restore(Restore restore, RestorePlan plan, Output out) throws CommandFailure, RestoreException,
            IOException {
        show(plan, target.file(), out);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("database", target.file().toString());
        doc.put("backup", plan.point() == null ? plan.backup().file().toString() : null);
        if (plan.point() != null) doc.put("point", pointDocument(plan.point()));
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
        out.line("Restored " + target.file() + " from " + restoredName(plan) + "; it checks out ("
                + Output.rows(plan.backup().manifest().tables()) + ", user_version "
                + plan.backup().manifest().userVersion() + ").");
        doc.put("restored", true);
        out.json(doc);
        return ExitCodes.DONE;
    }

    private static void show(RestorePlan plan, Path database, Output out) {
        Manifest m = plan.backup().manifest();
        MaterializedPoint point = plan.point();
        if (point == null) {
            // The database restored is the one at the path given; the manifest's path is only where it was then.
            boolean moved = m.database() != null && !Path.of(m.database()).toAbsolutePath().normalize().equals(database);
            out.line("Restore " + plan.backup().file().getFileName() + " over " + database
                    + (moved ? " (taken when the database was at " + m.database() + ")" : ""));
            out.line("  taken " + Output.local(plan.backup().name().created()) + " (local), reason " + m.reason()
                    + (m.trigger() == null ? "" : ", before: " + m.trigger().sql().replaceAll("\\s+", " ")));
            out.line("  the backup is sound: size and SHA-256 match its manifest, SQLite's quick_check is ok, row counts match");
        } else {
            out.line("Restore " + point.position() + " over " + database + ": the state right after the transaction "
                    + "committed " + Output.local(point.time()) + " (local)");
            if (point.point() != null) {
                out.line("  restore point " + point.point().file().getFileName() + ", reason " + point.point().point().reason()
                        + (point.point().point().sql() == null ? "" : ", before: " + oneLine(point.point().point().sql())));
            }
            out.line("  rebuilt from continuous protection's snapshot and changes; SQLite's integrity_check is ok");
        }
        if (plan.undo()) {
            out.line("  undo: brings back the database as it was just before " + statement(undone(plan))
                    + ", run " + Output.local(undone(plan).time()) + " (local), undoing it and every "
                    + "write after it" + (point != null ? "; every write before it is kept" : ""));
            out.line(plan.nextUndo() == null
                    ? "  this is the oldest destructive statement with a backup or restore point: a further --undo has "
                    + "nothing left to undo"
                    : "  a further --undo after this restore brings back the state before " + statement(plan.nextUndo())
                    + ", run " + Output.local(plan.nextUndo().time()) + " (local)");
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

    /** The statement a pre-operation backup or restore point was taken before, as the operator will recognise it. */
    private static String statement(UndoStep s) {
        return s.sql() == null ? "the " + s.reason() + (s.isPoint() ? " restore point " : " backup ") + s.name()
                : "'" + oneLine(s.sql()) + "'";
    }

    /** What an undo's plan puts back, as a step of the history. */
    private static UndoStep undone(RestorePlan plan) {
        MaterializedPoint p = plan.point();
        return p != null && p.point() != null
                ? new UndoStep(null, p.point(), java.time.Instant.parse(p.point().point().created()))
                : new UndoStep(plan.backup(), null, plan.backup().name().created());
    }

    private static String restoredName(RestorePlan plan) {
        MaterializedPoint p = plan.point();
        if (p == null) return plan.backup().file().getFileName().toString();
        return p.position() + (p.point() == null ? "" : " (restore point " + p.point().file().getFileName() + ")");
    }

    private static Map<String, Object> pointDocument(MaterializedPoint p) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("position", p.position());
        d.put("committed", p.time().toString());
        d.put("file", p.point() == null ? null : p.point().file().toString());
        d.put("reason", p.point() == null ? null : p.point().point().reason());
        d.put("sql", p.point() == null ? null : p.point().point().sql());
        return d;
    }

    private static String oneLine(String sql) {
        String s = sql.replaceAll("\\s+", " ").trim();
        return s.length() > 100 ? s.substring(0, 97) + "..." : s;
    }

    private static Map<String, Object> undoDocument(RestorePlan plan) {
        Map<String, Object> undo = new LinkedHashMap<>();
        undo.put("statement", undone(plan).sql());
        undo.put("ran", undone(plan).time().toString());
        undo.put("nextStatement", plan.nextUndo() == null ? null : plan.nextUndo().sql());
        undo.put("nextRan", plan.nextUndo() == null ? null : plan.nextUndo().time().toString());
        return undo;
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
