package dev.safesqlite.cli;

import dev.safesqlite.BackupInfo;
import dev.safesqlite.SafeSqlite;
import dev.safesqlite.internal.restore.Progress;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "backup", description = "Take a verified backup now.")
final class BackupCommand implements Callable<Integer> {

    @Mixin
    Target target;

    @Option(names = "--reason", defaultValue = "manual", paramLabel = "REASON",
            description = "manual (default; never deleted by retention), daily, startup, shutdown, pre-ddl, pre-delete, "
                    + "pre-update or pre-restore")
    String reason;

    @Option(names = "--pin", description = "never delete it by retention, whatever its reason")
    boolean pin;

    @Override
    public Integer call() throws CommandFailure, IOException {
        if (!SafeSqlite.REASONS.contains(reason)) {
            throw new CommandFailure(ExitCodes.USAGE, "--reason " + reason + " is not a backup reason; use one of "
                    + SafeSqlite.REASONS);
        }
        target.requireDatabase();
        Progress progress = target.progress();
        progress.start("backing up " + target.file().getFileName(), -1, "B"); // one SQLite call: no measurable steps
        BackupInfo b;
        try {
            b = target.api().backup(reason, pin);
        } finally {
            progress.done();
        }
        Output out = target.output();
        out.line("Backup taken: " + b.file());
        out.line("  " + Output.size(b.bytes()) + ", verify " + b.verify() + ", " + Output.rows(b.tables())
                + (b.pinned() ? ", pinned" : ""));
        ReplicaCommands.sendAfterBackup(target);
        out.json(Output.backup(b));
        return ExitCodes.DONE;
    }
}
