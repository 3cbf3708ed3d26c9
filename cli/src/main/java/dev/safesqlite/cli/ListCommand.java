package dev.safesqlite.cli;

import dev.safesqlite.BackupInfo;
import dev.safesqlite.PointInTimeRange;
import dev.safesqlite.RestorePointInfo;
import dev.safesqlite.SafeSqlite;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "list", description = {"Show the backups, newest first: time, reason, size, verified, pinned, trigger SQL.",
        "With continuous protection, restore points are rows of their own (SIZE 'point', FILE the position)."})
final class ListCommand implements Callable<Integer> {

    private static final String ROW = "%-19s  %-11s  %9s  %-8s  %-6s  %s";

    @Mixin
    Target target;

    @Option(names = "--from", paramLabel = "URL",
            description = "list the backups on a replica instead (s3://BUCKET/PREFIX, file:///PATH); with --points, what its "
                    + "continuous protection can restore")
    String from;

    @Option(names = "--points", description = {"continuous protection (SPEC 11): the restore points (position, time, "
            + "reason, SQL), the range of time any point of which 'restore --at' can bring back, and the snapshots"})
    boolean points;

    @Override
    public Integer call() throws CommandFailure, IOException {
        if (from != null) return points ? ReplicaCommands.listPoints(target, from) : ReplicaCommands.list(target, from);
        target.requireDatabaseOrBackups();
        if (points) return points();
        SafeSqlite api = target.api();
        List<BackupInfo> backups = api.list();
        List<RestorePointInfo> restorePoints = api.restorePoints();
        Output out = target.output();
        if (!Files.exists(target.file())) {
            out.line("Note: " + target.file() + " does not exist; 'safesqlite restore " + target.database
                    + " --latest' brings the newest backup back.");
        }
        if (backups.isEmpty() && restorePoints.isEmpty()) {
            out.line("No backups of " + target.file() + " in " + target.settings().backupDir(target.file()) + ".");
        } else {
            out.line(String.format(ROW, "CREATED (local)", "REASON", "SIZE", "VERIFIED", "PINNED", "FILE / TRIGGER"));
            // Backups and restore points in one history, newest first: an undo walks it in this order.
            List<Object> rows = new ArrayList<>(backups);
            rows.addAll(restorePoints);
            rows.sort(Comparator.comparing(ListCommand::created).reversed());
            for (Object row : rows) {
                if (row instanceof BackupInfo b) {
                    out.line(String.format(ROW, Output.local(b.created()), b.reason(), Output.size(b.bytes()), b.verify(),
                            b.pinned() ? "yes" : "", b.file().getFileName()));
                    if (b.triggerSql() != null) out.line(String.format("%62s%s", "", "before: " + oneLine(b.triggerSql())));
                } else if (row instanceof RestorePointInfo p) {
                    out.line(String.format(ROW, Output.local(p.created()), p.reason(), "point", "-", "",
                            "restore point " + p.position()));
                    if (p.sql() != null) out.line(String.format("%62s%s", "", "before: " + oneLine(p.sql())));
                }
            }
        }
        List<java.nio.file.Path> others = target.engine().owned().others();
        if (!others.isEmpty()) {
            out.line("Note: the backup directory also holds backups named like these but recorded for " + others.stream()
                    .map(Object::toString).collect(java.util.stream.Collectors.joining(", ")) + ", counted as another "
                    + "database's; --original PATH lists them with these.");
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("database", target.file().toString());
        doc.put("backupDir", target.settings().backupDir(target.file()).toString());
        doc.put("backups", backups.stream().map(Output::backup).toList());
        doc.put("points", restorePoints.stream().map(Output::point).toList());
        out.json(doc);
        return ExitCodes.DONE;
    }

    /** {@code list --points}: what continuous protection can restore. */
    private Integer points() throws CommandFailure, IOException {
        SafeSqlite api = target.api();
        PointInTimeRange range = api.pointInTimeRange();
        List<RestorePointInfo> restorePoints = api.restorePoints();
        List<BackupInfo> snapshots = api.list().stream().filter(b -> "snapshot".equals(b.reason())).toList();
        Output out = target.output();
        if (range == null) {
            out.line("Continuous protection has kept nothing of " + target.file() + " in "
                    + target.settings().backupDir(target.file()) + ": set safesqlite.continuous=on for the application "
                    + "(SPEC 11), or pass --backup-dir if its backups are elsewhere.");
        } else {
            out.line("Any point from " + range.first() + " (" + Output.local(range.firstTime()) + " local) to "
                    + range.last() + " (" + Output.local(range.lastTime()) + " local) can be restored: "
                    + "'safesqlite restore " + target.database + " --at TIME' or '--at POSITION'.");
        }
        out.line("");
        if (restorePoints.isEmpty()) {
            out.line("No restore points.");
        } else {
            out.line(String.format("%-10s  %-19s  %-10s  %s", "POSITION", "CREATED (local)", "REASON", "SQL"));
            for (RestorePointInfo p : restorePoints) {
                out.line(String.format("%-10s  %-19s  %-10s  %s", p.position(), Output.local(p.created()), p.reason(),
                        p.sql() == null ? "" : oneLine(p.sql())));
            }
        }
        out.line("");
        out.line(snapshots.isEmpty() ? "No snapshots." : "Snapshots (full copies the points are rebuilt from):");
        for (BackupInfo s : snapshots) {
            out.line(String.format("  %-19s  %9s  %s", Output.local(s.created()), Output.size(s.bytes()), s.file().getFileName()));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("database", target.file().toString());
        doc.put("backupDir", target.settings().backupDir(target.file()).toString());
        doc.put("covered", Output.range(range));
        doc.put("points", restorePoints.stream().map(Output::point).toList());
        doc.put("snapshots", snapshots.stream().map(Output::backup).toList());
        out.json(doc);
        return ExitCodes.DONE;
    }

    private static Instant created(Object row) {
        return row instanceof BackupInfo b ? b.created() : ((RestorePointInfo) row).created();
    }

    private static String oneLine(String sql) {
        String s = sql.replaceAll("\\s+", " ").trim();
        return s.length() > 100 ? s.substring(0, 97) + "..." : s;
    }
}
