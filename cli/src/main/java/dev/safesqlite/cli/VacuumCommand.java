package dev.safesqlite.cli;

import dev.safesqlite.BackupInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "vacuum", description = "Rebuild the database file to reclaim space (VACUUM), after a pre-ddl backup; audited.")
final class VacuumCommand implements Callable<Integer> {

    @Mixin
    Target target;

    @Override
    public Integer call() throws CommandFailure, IOException {
        target.requireDatabase();
        long before = Files.size(target.file());
        BackupInfo backup = target.api().vacuum();
        long after = Files.size(target.file());
        Output out = target.output();
        if (backup != null) out.line("Backup taken first: " + backup.file());
        out.line("VACUUM of " + target.file() + ": " + Output.size(before) + " -> " + Output.size(after));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("database", target.file().toString());
        doc.put("bytesBefore", before);
        doc.put("bytesAfter", after);
        doc.put("backup", backup == null ? null : Output.backup(backup));
        out.json(doc);
        return ExitCodes.DONE;
    }
}
