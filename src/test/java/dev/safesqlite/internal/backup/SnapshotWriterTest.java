package dev.safesqlite.internal.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotWriterTest {

    @TempDir
    Path tmp;

    private Path database(int rows) throws Exception {
        Path db = tmp.resolve("app.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("CREATE TABLE orders(id INTEGER PRIMARY KEY, item TEXT)");
            st.execute("CREATE TABLE \"odd \"\"name\"(x)");
            st.execute("PRAGMA user_version=7");
            c.setAutoCommit(false);
            try (var ps = c.prepareStatement("INSERT INTO orders(item) VALUES (?)")) {
                for (int i = 0; i < rows; i++) {
                    ps.setString(1, "item " + i);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
        return db;
    }

    @Test
    void writesASelfContainedVerifiedCopyWithItsManifest() throws Exception {
        Path db = database(500);
        BackupDirectory dir = BackupDirectory.open(tmp.resolve("backups"));
        StoredBackup b = SnapshotWriter.write(dir, new SnapshotWriter.Request(db, "manual", null, "quick", Compression.NONE, false));

        assertTrue(b.file().getFileName().toString().matches("app_\\d{8}-\\d{6}-\\d{3}_manual\\.db"), b.file().toString());
        assertEquals(b.file().getFileName() + ".json", b.manifestFile().getFileName().toString());
        Manifest m = Manifest.fromJson(Files.readString(b.manifestFile()));
        assertEquals(db.toString(), m.database());
        assertEquals("ok", m.verify());
        assertEquals(7, m.userVersion());
        assertEquals(Map.of("orders", 500L, "odd \"name", 0L), m.tables());
        assertEquals(Files.size(b.file()), m.bytes());
        assertEquals(SnapshotWriter.sha256(b.file()), m.sha256());
        assertEquals(m.pageCount() * m.pageSize(), m.bytes());

        // Self-contained: the header says rollback journal, and nothing lies beside it.
        try (RandomAccessFile f = new RandomAccessFile(b.file().toFile(), "r")) {
            f.seek(18);
            assertEquals(1, f.read());
            assertEquals(1, f.read());
        }
        try (Stream<Path> files = Files.list(dir.path())) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(List.of(".safesqlite.lock", b.file().getFileName().toString(),
                    b.manifestFile().getFileName().toString()), names);
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(b.file())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(b.manifestFile())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.path())));

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + b.file());
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*), max(item) FROM orders")) {
            rs.next();
            assertEquals(500, rs.getInt(1));
            try (ResultSet mode = c.createStatement().executeQuery("PRAGMA journal_mode")) {
                mode.next();
                assertEquals("delete", mode.getString(1));
            }
        }
        assertFalse(Files.exists(Path.of(b.file() + "-wal")));
    }

    @Test
    void copiesTheLastCommittedStateNotAnOpenTransaction() throws Exception {
        Path db = database(10);
        try (Connection writer = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            writer.setAutoCommit(false);
            writer.createStatement().executeUpdate("DELETE FROM orders");
            StoredBackup b = SnapshotWriter.write(BackupDirectory.open(tmp.resolve("b")),
                    new SnapshotWriter.Request(db, "pre-delete", null, "full", Compression.NONE, false));
            assertEquals(10L, b.manifest().tables().get("orders"));
            writer.rollback();
        }
    }

    @Test
    void aCorruptDatabaseLeavesNoBackupBehind() throws Exception {
        Path db = database(3000);
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
            // Scribble over an interior page of the orders table (not the header page).
            f.seek(4096L * 3 + 8);
            f.write(new byte[2000]);
        }
        BackupDirectory dir = BackupDirectory.open(tmp.resolve("backups"));
        BackupFailedException e = assertThrows(BackupFailedException.class, () -> SnapshotWriter.write(dir,
                new SnapshotWriter.Request(db, "manual", null, "quick", Compression.NONE, false)));
        assertTrue(e.getMessage().contains(db.toString()), e.getMessage());
        assertEquals(List.of(), dir.list(db));
        try (Stream<Path> files = Files.list(dir.path())) {
            assertEquals(List.of(".safesqlite.lock"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aMissingDatabaseIsNamed() throws Exception {
        BackupDirectory dir = BackupDirectory.open(tmp.resolve("backups"));
        BackupFailedException e = assertThrows(BackupFailedException.class, () -> SnapshotWriter.write(dir,
                new SnapshotWriter.Request(tmp.resolve("nope.db"), "manual", null, "quick", Compression.NONE, false)));
        assertTrue(e.getMessage().contains("nope.db"), e.getMessage());
    }

    @Test
    void twoBackupsInTheSameMillisecondGetDistinctNames() throws Exception {
        Path db = database(5);
        BackupDirectory dir = BackupDirectory.open(tmp.resolve("backups"));
        for (int i = 0; i < 5; i++) {
            SnapshotWriter.write(dir, new SnapshotWriter.Request(db, "manual", null, "none", Compression.NONE, false));
        }
        assertEquals(5, dir.list(db).size());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = Compression.class, names = {"GZIP", "ZSTD"})
    void compressedBackupsAreChecksummedOverTheStoredBytesAndDecompressToTheDatabase(Compression compression)
            throws Exception {
        Path db = database(2000);
        BackupDirectory dir = BackupDirectory.open(tmp.resolve("backups"));
        StoredBackup b = SnapshotWriter.write(dir, new SnapshotWriter.Request(db, "manual", null, "quick", compression, false));
        assertTrue(b.file().toString().endsWith(".db" + compression.suffix()), b.file().toString());
        assertEquals(compression.label(), b.manifest().compression());
        assertEquals(SnapshotWriter.sha256(b.file()), b.manifest().sha256());
        assertEquals(Files.size(b.file()), b.manifest().bytes());
        assertTrue(b.manifest().bytes() < b.manifest().pageCount() * b.manifest().pageSize());
        assertEquals(List.of(b.file()), dir.list(db).stream().map(StoredBackup::file).toList());

        Path plain = tmp.resolve("plain.db");
        try (var in = compression.decompress(Files.newInputStream(b.file()))) {
            Files.copy(in, plain);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + plain);
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM orders")) {
            rs.next();
            assertEquals(2000, rs.getInt(1));
        }
    }

    @Test
    void twoDatabasesWithTheSameNameSharingADirectoryEachListOnlyTheirOwnBackups() throws Exception {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        java.nio.file.Files.createDirectories(a);
        java.nio.file.Files.createDirectories(b);
        Path dbA = dev.safesqlite.testing.TestDatabases.ordersDatabase(a.resolve("app.db"), 1);
        Path dbB = dev.safesqlite.testing.TestDatabases.ordersDatabase(b.resolve("app.db"), 2);
        BackupDirectory dir = BackupDirectory.open(tmp.resolve("shared"));
        StoredBackup ofA = SnapshotWriter.write(dir, new SnapshotWriter.Request(dbA, "manual", null, "quick", Compression.NONE, false));
        StoredBackup ofB = SnapshotWriter.write(dir, new SnapshotWriter.Request(dbB, "manual", null, "quick", Compression.NONE, false));
        assertEquals(List.of(ofA.file()), dir.list(dbA).stream().map(StoredBackup::file).toList());
        assertEquals(List.of(ofB.file()), dir.list(dbB).stream().map(StoredBackup::file).toList());
    }
}
