package dev.safesqlite.cli;

import dev.safesqlite.BackupInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "list", description = "Show the backups, newest first: time, reason, size, verified, pinned, trigger SQL.")
final class ListCommand implements Callable<Integer> {

    @Mixin
    Target target;

    @Override
    public Integer call() throws CommandFailure, IOException {
        target.requireDatabaseOrBackups();
        List<BackupInfo> backups = target.api().list();
        Output out = target.output();
        if (!Files.exists(target.file())) {
            out.line("Note: " + target.file() + " does not exist; 'safesqlite restore " + target.database
                    + " --latest' brings the newest backup back.");
        }
        if (backups.isEmpty()) {
            out.line("No backups of " + target.file() + " in " + target.settings().backupDir(target.file()) + ".");
        } else {
            out.line(String.format("%-19s  %-11s  %9s  %-8s  %-6s  %s", "CREATED (local)", "REASON", "SIZE", "VERIFIED",
                    "PINNED", "FILE / TRIGGER"));
            for (BackupInfo b : backups) {
                out.line(String.format("%-19s  %-11s  %9s  %-8s  %-6s  %s", Output.local(b.created()), b.reason(),
                        Output.size(b.bytes()), b.verify(), b.pinned() ? "yes" : "", b.file().getFileName()));
                if (b.triggerSql() != null) out.line(String.format("%62s%s", "", "before: " + oneLine(b.triggerSql())));
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
        out.json(doc);
        return ExitCodes.DONE;
    }

    private static String oneLine(String sql) {
        String s = sql.replaceAll("\\s+", " ").trim();
        return s.length() > 100 ? s.substring(0, 97) + "..." : s;
    }
}
