package dev.safesqlite.cli;

import dev.safesqlite.BackupInfo;
import dev.safesqlite.ReplicaBackup;
import dev.safesqlite.ReplicationResult;
import dev.safesqlite.SafeSqlite;
import dev.safesqlite.VerifyResult;
import dev.safesqlite.PointInTimeRange;
import dev.safesqlite.RestorePointInfo;
import dev.safesqlite.internal.backup.StoredBackup;
import dev.safesqlite.internal.config.ReplicaUrl;
import dev.safesqlite.internal.continuous.ChangeLog;
import dev.safesqlite.internal.continuous.PointInTime;
import dev.safesqlite.internal.continuous.RestorePoint;
import dev.safesqlite.internal.replica.RemoteBackup;
import dev.safesqlite.internal.replica.ReplicaException;
import dev.safesqlite.internal.replica.ReplicaRecovery;
import dev.safesqlite.internal.replica.StagedContinuous;
import dev.safesqlite.internal.restore.BackupChoice;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code list / verify / restore DB --from URL} (SPEC section 10): the same commands working from a
 * replica alone, e.g. on a new machine with no database and no local backups.
 */
final class ReplicaCommands {

    private ReplicaCommands() {
    }

    static void checkUrl(String url) throws CommandFailure {
        try {
            ReplicaUrl.of(url, "--from");
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, e.getMessage());
        }
    }

    static int list(Target target, String url) throws CommandFailure, IOException {
        checkUrl(url);
        List<ReplicaBackup> backups = target.api().listReplica(url);
        Output out = target.output();
        if (backups.isEmpty()) {
            out.line("No backups of " + target.file().getFileName() + " on " + url + ".");
        } else {
            out.line("Backups of " + target.file().getFileName() + " on " + url + ", newest first:");
            out.line(String.format("%-19s  %-11s  %9s  %-9s  %s", "CREATED (local)", "REASON", "SIZE", "ENCRYPTED", "NAME"));
            for (ReplicaBackup b : backups) {
                out.line(String.format("%-19s  %-11s  %9s  %-9s  %s", Output.local(b.created()), b.reason(),
                        b.bytes() < 0 ? "?" : Output.size(b.bytes()), b.encrypted() ? "yes" : "", b.name()));
                if (b.triggerSql() != null) out.line(String.format("%56s%s", "", "before: " + b.triggerSql().replaceAll("\\s+", " ")));
                if (b.problem() != null) out.line(String.format("%56s%s", "", "note: " + b.problem()));
            }
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("database", target.file().toString());
        doc.put("replica", url);
        doc.put("backups", backups.stream().map(b -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("object", b.object());
            m.put("name", b.name());
            m.put("created", b.created().toString());
            m.put("reason", b.reason());
            m.put("encrypted", b.encrypted());
            m.put("keyFingerprint", b.keyFingerprint());
            m.put("triggerSql", b.triggerSql());
            m.put("bytes", b.bytes());
            m.put("pinned", b.pinned());
            m.put("tables", b.tables());
            m.put("problem", b.problem());
            return m;
        }).toList());
        out.json(doc);
        return ExitCodes.DONE;
    }

    static int verify(Target target, String url, boolean full) throws CommandFailure, IOException {
        checkUrl(url);
        List<VerifyResult> checks = target.api().verifyReplica(url, full);
        if (checks.isEmpty()) {
            throw new CommandFailure(ExitCodes.FAILED, "the replica " + url + " holds no backups of "
                    + target.file().getFileName() + " to verify");
        }
        Output out = target.output();
        long damaged = checks.stream().filter(c -> !c.ok()).count();
        for (VerifyResult c : checks) {
            out.line((c.ok() ? "ok       " : "DAMAGED  ") + c.file() + (c.ok() ? "" : "\n         " + c.problem()));
        }
        out.line(checks.size() + " downloaded and checked, " + damaged + " damaged.");
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("database", target.file().toString());
        doc.put("replica", url);
        doc.put("damaged", damaged);
        doc.put("backups", checks.stream().map(c -> Map.of("object", c.file().toString(), "ok", c.ok(),
                "problem", c.problem() == null ? "" : c.problem())).toList());
        out.json(doc);
        return damaged == 0 ? ExitCodes.DONE : ExitCodes.DAMAGE_FOUND;
    }

    /** Downloads the chosen backup into the local backup directory; the ordinary restore goes on from there. */
    static Path fetch(Target target, String url, BackupChoice choice) throws CommandFailure, IOException {
        checkUrl(url);
        SafeSqlite api = target.api();
        BackupInfo b = choice instanceof BackupChoice.Before before ? api.fetchFromReplica(url, before.time())
                : choice instanceof BackupChoice.File f ? api.fetchFromReplica(url, f.path().getFileName().toString())
                : choice instanceof BackupChoice.Latest ? api.fetchFromReplica(url, (java.time.Instant) null)
                : null;
        if (b == null) {
            throw new CommandFailure(ExitCodes.USAGE, "--undo does not apply with --from; name the backup, or use --latest "
                    + "or --before TIME ('safesqlite list " + target.database + " --from " + url + "' shows them)");
        }
        target.output().line("Fetched " + b.file().getFileName() + " from " + url + " into " + b.file().getParent()
                + " (size and SHA-256 match its manifest).");
        return b.file();
    }

    /**
     * {@code restore DB --from URL --at TIME|POSITION} or {@code --undo} (SPEC 11): brings what
     * that point needs from the replica into the local backup directory (the snapshot as a local
     * backup, the change files and restore points into {@code continuous/<db>/}); the ordinary
     * local point-in-time restore then goes on from there with the same choice. For
     * {@code --undo}, the newest pre-operation backup on the replica comes too, so the undo
     * takes back the newest destructive statement whichever way it was protected.
     */
    static void fetchPointInTime(Target target, String url, BackupChoice choice) throws CommandFailure, IOException {
        checkUrl(url);
        ReplicaRecovery recovery = new ReplicaRecovery(java.net.URI.create(url), target.settings(), target.file());
        Output out = target.output();
        StagedContinuous.Copied copied = null;
        if (choice instanceof BackupChoice.AtPosition p) {
            copied = recovery.fetchContinuous(p.txid());
        } else if (choice instanceof BackupChoice.At a) {
            copied = recovery.fetchContinuous(a.time());
        } else {
            String none = null;
            try {
                copied = recovery.fetchContinuousForUndo();
            } catch (dev.safesqlite.internal.continuous.GapException e) {
                throw e;
            } catch (ReplicaException e) {
                none = e.getMessage(); // no restore point there: a pre-operation backup may still be
            }
            try {
                StoredBackup b = recovery.fetch(new BackupChoice.Undo());
                out.line("Fetched " + b.file().getFileName() + " from " + url + " into " + b.file().getParent()
                        + " (size and SHA-256 match its manifest).");
            } catch (ReplicaException e) {
                if (copied == null) {
                    throw new CommandFailure(ExitCodes.FAILED, "nothing to undo from " + url + ": " + none + "; and "
                            + e.getMessage());
                }
            }
        }
        if (copied != null) {
            out.line("Fetched what " + RestorePoint.position(copied.txid()) + " needs from " + url + " into "
                    + target.settings().backupDir(target.file()) + ": the snapshot " + copied.snapshot().file().getFileName()
                    + ", " + copied.changeFiles() + " change file(s), " + copied.points() + " restore point(s).");
        }
    }

    /** {@code list DB --from URL --points}: what continuous protection on the replica can restore. */
    static int listPoints(Target target, String url) throws CommandFailure, IOException {
        checkUrl(url);
        Output out = target.output();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("database", target.file().toString());
        doc.put("replica", url);
        try (StagedContinuous staged = new ReplicaRecovery(java.net.URI.create(url), target.settings(), target.file())
                .stageContinuous()) {
            PointInTime.Covered c = staged.covered();
            if (c == null) {
                out.line("The replica " + url + " holds no snapshot of continuous protection of " + target.file().getFileName()
                        + ": the application needs safesqlite.continuous=on with this replica.url.");
            } else {
                out.line("Any point from " + RestorePoint.position(c.firstTxid()) + " (" + Output.local(c.firstTime())
                        + " local) to " + RestorePoint.position(c.lastTxid()) + " (" + Output.local(c.lastTime())
                        + " local) can be restored from " + url + ": 'safesqlite restore " + target.database + " --from "
                        + url + " --at TIME' or '--at POSITION'.");
            }
            out.line("");
            List<ChangeLog.StoredPoint> points = staged.points();
            if (points.isEmpty()) {
                out.line("No restore points.");
            } else {
                out.line(String.format("%-10s  %-19s  %-10s  %s", "POSITION", "CREATED (local)", "REASON", "SQL"));
                for (ChangeLog.StoredPoint p : points) {
                    out.line(String.format("%-10s  %-19s  %-10s  %s", RestorePoint.position(p.point().txid()),
                            Output.local(java.time.Instant.parse(p.point().created())), p.point().reason(),
                            p.point().sql() == null ? "" : p.point().sql().replaceAll("\\s+", " ")));
                }
            }
            out.line("");
            out.line(staged.snapshots().isEmpty() ? "No snapshots." : "Snapshots (full copies the points are rebuilt from):");
            for (RemoteBackup s : staged.snapshots()) {
                out.line(String.format("  %-19s  %9s  %s", Output.local(s.name().created()),
                        s.manifest() == null ? "?" : Output.size(s.manifest().bytes()), s.fileName()));
            }
            doc.put("covered", c == null ? null : Output.range(new PointInTimeRange(RestorePoint.position(c.firstTxid()),
                    c.firstTime(), RestorePoint.position(c.lastTxid()), c.lastTime())));
            doc.put("points", points.stream().map(p -> Output.point(new RestorePointInfo(RestorePoint.position(p.point().txid()),
                    java.time.Instant.parse(p.point().created()), p.point().reason(), p.point().sql(), p.point().connection(),
                    p.point().thread(), p.file().getFileName()))).toList());
            doc.put("snapshots", staged.snapshots().stream().map(s -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", s.fileName());
                m.put("created", s.name().created().toString());
                m.put("position", s.manifest() == null || s.manifest().position() == null ? null
                        : RestorePoint.position(s.manifest().position()));
                return m;
            }).toList());
        }
        out.json(doc);
        return ExitCodes.DONE;
    }

    /** After {@code backup}: with replicas set, send it now, since this process ends right after. */
    static void sendAfterBackup(Target target) throws CommandFailure {
        if (target.settings().replicaUrls().isEmpty()) return;
        ReplicationResult r = target.api().replicate();
        Output out = target.output();
        if (r.ok()) {
            out.line("  sent to " + target.settings().replicaUrls().size() + " replica(s)");
        } else {
            out.line("  not yet on every replica (" + r.pending() + " pending; 'safesqlite replicate "
                    + target.database + "' or the application's next start sends it): " + String.join("; ", r.failures()));
        }
    }
}
