package dev.safesqlite.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "checkpoint", description = "Fold the WAL into the database and truncate it (PASSIVE if readers are busy); audited.")
final class CheckpointCommand implements Callable<Integer> {

    @Mixin
    Target target;

    @Override
    public Integer call() throws CommandFailure, IOException {
        target.requireDatabase();
        Path wal = target.file().resolveSibling(target.file().getFileName() + "-wal");
        long before = Files.exists(wal) ? Files.size(wal) : 0;
        String mode = target.api().checkpoint();
        long after = Files.exists(wal) ? Files.size(wal) : 0;
        Output out = target.output();
        out.line("Checkpoint (" + mode + ") of " + target.file() + ": WAL " + Output.size(before) + " -> "
                + Output.size(after));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("database", target.file().toString());
        doc.put("mode", mode);
        doc.put("walBytesBefore", before);
        doc.put("walBytesAfter", after);
        out.json(doc);
        return ExitCodes.DONE;
    }
}
