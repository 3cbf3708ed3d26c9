package dev.safesqlite.cli;

import dev.safesqlite.BackupStats;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "stats", description = "Count, total size, oldest and newest backup, last verification.")
final class StatsCommand implements Callable<Integer> {

    @Mixin
    Target target;

    @Override
    public Integer call() throws CommandFailure, IOException {
        target.requireDatabaseOrBackups();
        BackupStats s = target.api().stats();
        Output out = target.output();
        out.line("Backups of " + target.file() + " in " + target.settings().backupDir(target.file()));
        out.line("  count       " + s.count());
        out.line("  total size  " + Output.size(s.totalBytes()));
        out.line("  oldest      " + Output.local(s.oldest()));
        out.line("  newest      " + Output.local(s.newest()));
        out.line("  last verify " + (s.lastVerify() == null ? "-" : s.lastVerify()));
        if (!target.settings().replicaUrls().isEmpty()) {
            out.line("  replicas    " + target.settings().replicaUrls().size() + ": " + s.pendingUploads()
                    + " upload(s) pending, lag " + (s.replicaLagMillis() / 1000) + " s");
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("database", target.file().toString());
        doc.put("count", s.count());
        doc.put("totalBytes", s.totalBytes());
        doc.put("oldest", s.oldest() == null ? null : s.oldest().toString());
        doc.put("newest", s.newest() == null ? null : s.newest().toString());
        doc.put("lastVerify", s.lastVerify());
        doc.put("pendingUploads", s.pendingUploads());
        doc.put("replicaLagMillis", s.replicaLagMillis());
        out.json(doc);
        return ExitCodes.DONE;
    }
}
