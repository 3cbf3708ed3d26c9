package dev.safesqlite.internal.export;

import dev.safesqlite.internal.backup.CopyInspection;
import dev.safesqlite.internal.backup.MainTables;
import dev.safesqlite.internal.restore.Progress;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;

/**
 * Writes every table of a database as one CSV file, plus {@code manifest.json}, reading all of
 * them inside one read transaction, so that the files agree with each other and with the row
 * counts in the manifest even while the application writes.
 *
 * <p>The format is RFC 4180 in UTF-8 with a byte-order mark, so that spreadsheets pick the right
 * encoding. CSV has no NULL: every non-NULL value is quoted and NULL is an empty unquoted field,
 * so an empty string ({@code ""}) and NULL stay apart.
 */
final class CsvExport {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setQuoteMode(QuoteMode.ALL_NON_NULL)
            .setNullString("")
            .get();

    private CsvExport() {
    }

    /**
     * @param c a connection with auto-commit off, on which nothing has been read yet: its first
     *          read fixes the snapshot every table is read from
     */
    static ExportManifest write(Connection c, String database, String source, ExportTarget target, Progress progress)
            throws SQLException, IOException {
        try (Statement st = c.createStatement(); MainTables mainTables = MainTables.of(st)) {
            Map<String, Long> counts = CopyInspection.rowCounts(st, mainTables);
            long userVersion;
            try (ResultSet rs = st.executeQuery("PRAGMA user_version")) {
                userVersion = rs.next() ? rs.getLong(1) : 0;
            }
            String exported = Instant.now().toString();
            progress.start("exporting " + counts.size() + " tables", counts.values().stream().mapToLong(Long::longValue)
                    .sum(), "rows");
            Map<String, ExportManifest.Table> tables = new LinkedHashMap<>();
            CsvFileNames names = new CsvFileNames();
            try {
                for (MainTables.Table table : mainTables.tables()) {
                    String file = names.forTable(table.name());
                    tables.put(table.name(), writeTable(st, table.from(), target, file, progress));
                }
            } finally {
                progress.done();
            }
            ExportManifest manifest = new ExportManifest(ExportManifest.FORMAT, database, source, exported, userVersion,
                    ExportManifest.CSV_RULES, tables);
            try (OutputStream out = target.file("manifest.json")) {
                out.write(manifest.toJson().getBytes(StandardCharsets.UTF_8));
            }
            return manifest;
        }
    }

    /** @param from the table as {@link MainTables} reads it */
    private static ExportManifest.Table writeTable(Statement st, String from, ExportTarget target, String file,
                                                   Progress progress) throws SQLException, IOException {
        long rows = 0;
        List<String> columns = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT * FROM " + from);
             Writer w = new BufferedWriter(new OutputStreamWriter(target.file(file), StandardCharsets.UTF_8), 1 << 16);
             CSVPrinter csv = new CSVPrinter(w, FORMAT)) {
            w.write('\uFEFF');
            ResultSetMetaData md = rs.getMetaData();
            int n = md.getColumnCount();
            for (int i = 1; i <= n; i++) columns.add(md.getColumnName(i));
            csv.printRecord(columns);
            while (rs.next()) {
                for (int i = 1; i <= n; i++) csv.print(text(rs, i));
                csv.println();
                rows++;
                progress.advance(1);
            }
        }
        return new ExportManifest.Table(file, rows, List.copyOf(columns));
    }

    /** SQLite's own text for numbers and text, Base64 for BLOBs, null for NULL. */
    private static String text(ResultSet rs, int column) throws SQLException {
        Object v = rs.getObject(column);
        if (v == null) return null;
        if (v instanceof byte[] blob) return Base64.getEncoder().encodeToString(blob);
        return rs.getString(column);
    }
}
