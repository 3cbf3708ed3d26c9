package dev.safesqlite.cli;

import dev.safesqlite.internal.export.Export;
import dev.safesqlite.internal.export.ExportManifest;
import dev.safesqlite.internal.restore.RestoreException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "export", description = {
        "Write every table as CSV, from the live database or from a backup.",
        "CSV is RFC 4180, UTF-8 with BOM, plus manifest.json (tables, row counts, user_version, time), "
                + "written into a new directory (or --zip file), from one consistent read of the live database or from "
                + "a verified backup."})
final class ExportCommand implements Callable<Integer> {

    @Mixin
    Target target;

    @Option(names = "--csv", required = true, paramLabel = "DIR", description = "a new (or empty) directory for the files")
    Path dir;

    @Option(names = "--zip", description = "write one zip file instead: DIR.zip (or DIR itself if it ends in .zip)")
    boolean zip;

    @Option(names = "--from", paramLabel = "BACKUP", description = "export this backup (path or file name) instead of the live database")
    Path from;

    @Override
    public Integer call() throws CommandFailure, RestoreException {
        if (from != null) target.requireDatabaseOrBackups();
        else target.requireDatabase();
        Path destination = zip && !dir.getFileName().toString().endsWith(".zip")
                ? dir.resolveSibling(dir.getFileName() + ".zip") : dir;
        ExportManifest m = new Export(target.engine()).toCsv(destination, zip, from, target.progress());
        Output out = target.output();
        long rows = m.tables().values().stream().mapToLong(ExportManifest.Table::rows).sum();
        out.line("Exported " + m.tables().size() + " tables, " + rows + " rows, user_version " + m.userVersion()
                + " (" + m.source() + ") to " + destination.toAbsolutePath().normalize());
        m.tables().forEach((table, t) -> out.line(String.format("  %-30s %10d rows  %s", table, t.rows(), t.file())));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("destination", destination.toAbsolutePath().normalize().toString());
        doc.put("manifest", m);
        out.json(doc);
        return ExitCodes.DONE;
    }
}
