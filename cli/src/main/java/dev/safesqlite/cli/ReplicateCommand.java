package dev.safesqlite.cli;

import dev.safesqlite.ReplicationResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "replicate", description = {
        "Send every backup not yet on every replica (safesqlite.replica.url) now, and wait.",
        "Exit 1 if something is still pending; it stays pending and is sent later."})
final class ReplicateCommand implements Callable<Integer> {

    @Mixin
    Target target;

    @Override
    public Integer call() throws CommandFailure {
        target.requireDatabaseOrBackups();
        if (target.settings().replicaUrls().isEmpty()) {
            throw new CommandFailure(ExitCodes.USAGE, "no replica is set: set safesqlite.replica.url (s3://BUCKET/PREFIX "
                    + "or file:///PATH), e.g. -s replica.url=s3://my-bucket/backups");
        }
        ReplicationResult r = target.api().replicate();
        Output out = target.output();
        out.line("Sent " + r.uploaded() + " backup(s); " + r.pending() + " still pending.");
        for (String f : r.failures()) out.line("  failed: " + f);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("database", target.file().toString());
        doc.put("uploaded", r.uploaded());
        doc.put("pending", r.pending());
        doc.put("failures", r.failures());
        out.json(doc);
        return r.ok() ? ExitCodes.DONE : ExitCodes.FAILED;
    }
}
