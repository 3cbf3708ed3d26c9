package dev.safesqlite.cli;

import dev.safesqlite.BackupInfo;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "prune", description = "Apply the retention policy now (retain.* settings); manual and pinned backups stay.")
final class PruneCommand implements Callable<Integer> {

    @Mixin
    Target target;

    @Option(names = "--dry-run", description = "only say what would be deleted")
    boolean dryRun;

    @Override
    public Integer call() throws CommandFailure, IOException {
        target.requireDatabaseOrBackups();
        List<BackupInfo> deleted = target.api().prune(dryRun);
        Output out = target.output();
        String verb = dryRun ? "Would delete" : "Deleted";
        out.line(verb + " " + deleted.size() + (deleted.size() == 1 ? " backup" : " backups")
                + (deleted.isEmpty() ? "." : ":"));
        for (BackupInfo b : deleted) {
            out.line("  " + Output.local(b.created()) + "  " + b.reason() + "  " + b.file().getFileName());
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("dryRun", dryRun);
        doc.put("deleted", deleted.stream().map(Output::backup).toList());
        out.json(doc);
        return ExitCodes.DONE;
    }
}
