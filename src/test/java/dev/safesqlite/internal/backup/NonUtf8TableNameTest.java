package dev.safesqlite.internal.backup;

import static dev.safesqlite.testing.TestDatabases.ordersDatabase;
import static dev.safesqlite.testing.TestDatabases.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.safesqlite.internal.engine.ProtectedDatabase;
import dev.safesqlite.internal.export.Export;
import dev.safesqlite.internal.export.ExportManifest;
import dev.safesqlite.internal.restore.BackupChoice;
import dev.safesqlite.internal.restore.Progress;
import dev.safesqlite.internal.restore.Restore;
import dev.safesqlite.internal.restore.RestoreDiff;
import dev.safesqlite.internal.restore.RestorePlan;
import dev.safesqlite.testing.NonUtf8Names;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table whose name is not valid UTF-8 (issue 16): it is counted in a backup's manifest, verified,
 * shown in restore's per-table change and exported like any other table, under its name with the
 * byte that is not UTF-8 written as {@code \xFF}.
 */
class NonUtf8TableNameTest {

    @TempDir
    Path tmp;

    @Test
    void itIsCountedInTheBackupAndShownInTheRestoreDiff() throws Exception {
        Path db = ordersDatabase(tmp.resolve("x.db"), 20);
        NonUtf8Names.addTable(db, 3);
        ProtectedDatabase pd = ProtectedDatabase.detached(db, settings("backup.dir", tmp.resolve("b").toString()));
        StoredBackup backup = pd.backup("manual", null, pd.settings(), false);
        assertEquals(Map.of("orders", 20L, NonUtf8Names.SHOWN, 3L), backup.manifest().tables());

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("DELETE FROM orders WHERE id > 5");
        }
        RestorePlan plan = new Restore(pd).plan(new BackupChoice.File(backup.file()));
        assertEquals(List.of(new RestoreDiff.TableChange(NonUtf8Names.SHOWN, 3L, 3L),
                new RestoreDiff.TableChange("orders", 5L, 20L)), plan.diff().tables());
    }

    @Test
    void itIsExported() throws Exception {
        Path db = ordersDatabase(tmp.resolve("x.db"), 2);
        NonUtf8Names.addTable(db, 3);
        ProtectedDatabase pd = ProtectedDatabase.detached(db, settings("backup.dir", tmp.resolve("b").toString()));
        Path out = tmp.resolve("export");

        ExportManifest m = new Export(pd).toCsv(out, false, null, Progress.NONE);

        ExportManifest.Table bad = m.tables().get(NonUtf8Names.SHOWN);
        assertEquals(new ExportManifest.Table("bad_xFF.csv", 3, List.of("a")), bad);
        String csv = Files.readString(out.resolve("bad_xFF.csv"), StandardCharsets.UTF_8);
        assertEquals("\uFEFF\"a\"\r\n\"1\"\r\n\"2\"\r\n\"3\"\r\n", csv);
        assertEquals(2, m.tables().get("orders").rows());
    }
}
