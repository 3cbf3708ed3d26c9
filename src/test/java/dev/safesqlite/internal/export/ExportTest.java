package dev.safesqlite.internal.export;

import static dev.safesqlite.testing.TestDatabases.ordersDatabase;
import static dev.safesqlite.testing.TestDatabases.settings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.internal.backup.StoredBackup;
import dev.safesqlite.internal.engine.ProtectedDatabase;
import dev.safesqlite.internal.restore.Progress;
import dev.safesqlite.internal.restore.RestoreException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportTest {

    @TempDir
    Path tmp;

    private ProtectedDatabase database(Path db) throws Exception {
        return ProtectedDatabase.detached(db, settings("backup.dir", tmp.resolve("b").toString()));
    }

    @Test
    void everyTableAsRfc4180CsvWithBomKeepingNullApartFromEmptyText() throws Exception {
        Path db = ordersDatabase(tmp.resolve("x.db"), 2);
        byte[] blob = {0, 1, 2, (byte) 0xff};
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE \"odd/name\"(t TEXT, n REAL, b BLOB)");
            st.execute("PRAGMA user_version=4");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO \"odd/name\" VALUES (?, ?, ?)")) {
                ps.setString(1, "comma, \"quote\"\nnewline, ünïcode ✓");
                ps.setDouble(2, 1.5);
                ps.setBytes(3, blob);
                ps.execute();
                ps.setString(1, "");
                ps.setNull(2, java.sql.Types.REAL);
                ps.setNull(3, java.sql.Types.BLOB);
                ps.execute();
            }
        }
        Path out = tmp.resolve("export");
        ExportManifest m = new Export(database(db)).toCsv(out, false, null, Progress.NONE);

        assertEquals(4, m.userVersion());
        assertEquals("live", m.source());
        assertEquals(new ExportManifest.Table("odd_name.csv", 2, List.of("t", "n", "b")), m.tables().get("odd/name"));
        assertEquals(2, m.tables().get("orders").rows());
        assertEquals(m, ExportManifest.fromJson(Files.readString(out.resolve("manifest.json"))));

        byte[] raw = Files.readAllBytes(out.resolve("odd_name.csv"));
        assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, java.util.Arrays.copyOf(raw, 3), "UTF-8 BOM");
        String text = new String(raw, StandardCharsets.UTF_8).substring(1);
        assertTrue(text.startsWith("\"t\",\"n\",\"b\"\r\n"), text);
        assertTrue(text.endsWith("\"\",,\r\n"), "empty text is \"\", NULL is nothing: " + text);
        List<CSVRecord> rows = CSVFormat.RFC4180.parse(new StringReader(text)).getRecords();
        assertEquals("comma, \"quote\"\nnewline, ünïcode ✓", rows.get(1).get(0));
        assertEquals("1.5", rows.get(1).get(1));
        assertArrayEquals(blob, Base64.getDecoder().decode(rows.get(1).get(2)));
        assertEquals(List.of(), hidden(tmp), "the temporary directory was renamed into place");
    }

    @Test
    void aZipHoldsTheSameFilesAndAnExportNeverOverwrites() throws Exception {
        Path db = ordersDatabase(tmp.resolve("z.db"), 5);
        Export export = new Export(database(db));
        Path zip = tmp.resolve("z.zip");
        export.toCsv(zip, true, null, Progress.NONE);
        try (ZipFile z = new ZipFile(zip.toFile())) {
            assertEquals(List.of("orders.csv", "manifest.json"), z.stream().map(e -> e.getName()).toList());
        }
        RestoreException e = assertThrows(RestoreException.class, () -> export.toCsv(zip, true, null, Progress.NONE));
        assertTrue(e.getMessage().contains(zip + " already exists"), e.getMessage());
        Path full = Files.createDirectories(tmp.resolve("full"));
        Files.writeString(full.resolve("keep.txt"), "mine");
        assertThrows(RestoreException.class, () -> export.toCsv(full, false, null, Progress.NONE));
        assertEquals("mine", Files.readString(full.resolve("keep.txt")));
    }

    @Test
    void fromABackupExportsTheBackupsStateNotTheLiveOne() throws Exception {
        Path db = ordersDatabase(tmp.resolve("fb.db"), 7);
        ProtectedDatabase pd = database(db);
        StoredBackup b = pd.backup("manual", null, pd.settings(), false);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("DROP TABLE orders");
        }
        ExportManifest m = new Export(pd).toCsv(tmp.resolve("old"), false, b.file().getFileName(), Progress.NONE);
        assertEquals(b.file().toString(), m.source());
        assertEquals(7, m.tables().get("orders").rows());
        assertEquals(8, Files.readAllLines(tmp.resolve("old/orders.csv")).size(), "header and 7 rows");
        assertFalse(Files.list(tmp.resolve("b")).anyMatch(p -> p.getFileName().toString().startsWith(".tmp-")),
                "the decompressed copy is removed");
    }

    @Test
    void fileNamesAreSafeAndUniqueIgnoringCase() {
        CsvFileNames names = new CsvFileNames();
        Map<String, String> got = new TreeMap<>();
        for (String t : List.of("Orders", "orders", "../etc", "a b")) got.put(t, names.forTable(t));
        assertEquals(Map.of("Orders", "Orders.csv", "orders", "orders-2.csv", "../etc", "_.._etc.csv",
                "a b", "a_b.csv"), got);
    }

    private static List<String> hidden(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
        }
    }
}
