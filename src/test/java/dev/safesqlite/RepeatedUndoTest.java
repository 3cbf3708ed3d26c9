package dev.safesqlite;

import static dev.safesqlite.testing.TestDatabases.ordersDatabase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.internal.backup.Manifest;
import dev.safesqlite.internal.engine.ProtectedDatabase;
import dev.safesqlite.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SafeSqlite#undo()} steps back one destructive statement per call, the way {@code
 * safesqlite restore --undo} does (both choose through {@code BackupChoice.Undo}).
 */
class RepeatedUndoTest {

    @TempDir
    Path tmp;

    private ProtectedDatabase engine;
    private Path db;

    /** A destructive statement as the driver runs it: the pre-operation backup first, then the statement. */
    private void destructive(String reason, String sql) throws Exception {
        engine.backup(reason, new Manifest.Trigger(sql, "conn-1@test", "main"), engine.settings(), false);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.executeUpdate(sql);
        }
    }

    @Test
    void eachUndoTakesBackTheDestructiveStatementBeforeThePreviousOne() throws Exception {
        db = ordersDatabase(tmp.resolve("shop.db"), 30);
        sql("CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT)", "INSERT INTO customers(name) VALUES ('ada')");
        Map<String, String> settings = Map.of("safesqlite.backup.dir", tmp.resolve("backups").toString(),
                "safesqlite.backup.on.startup", "false");
        engine = ProtectedDatabase.detached(db, TestDatabases.settings("backup.dir", tmp.resolve("backups").toString()));
        destructive("pre-ddl", "DROP TABLE customers");
        destructive("pre-delete", "DELETE FROM orders");
        SafeSqlite api = SafeSqlite.of(db, settings);

        RestoreResult first = api.undo();
        assertTrue(first.restored().getFileName().toString().endsWith("_pre-delete.db"), first.toString());
        assertEquals(30, count("orders"));
        assertEquals(0, tables("customers"), "the DROP came before the DELETE: not undone yet");

        RestoreResult second = api.undo();
        assertTrue(second.restored().getFileName().toString().endsWith("_pre-ddl.db"),
                "the second undo steps back past the first one's restore: " + second);
        assertEquals(1, count("customers"));
        assertEquals(30, count("orders"));

        IOException nothingLeft = assertThrows(IOException.class, api::undo);
        assertTrue(nothingLeft.getMessage().contains("nothing left to undo"), nothingLeft.getMessage());

        // A new destructive statement after the undos is the next one undone.
        destructive("pre-delete", "DELETE FROM customers");
        RestoreResult third = api.undo();
        assertTrue(third.restored().getFileName().toString().endsWith("_pre-delete.db"), third.toString());
        assertEquals(1, count("customers"));
        assertEquals(30, count("orders"));
    }

    @Test
    void preRestoreBackupsRecordWhatTheirRestorePutBackAndOldManifestsStillRead() throws Exception {
        db = ordersDatabase(tmp.resolve("m.db"), 3);
        engine = ProtectedDatabase.detached(db, TestDatabases.settings("backup.dir", tmp.resolve("backups").toString()));
        destructive("pre-delete", "DELETE FROM orders");
        SafeSqlite api = SafeSqlite.of(db, Map.of("safesqlite.backup.dir", tmp.resolve("backups").toString()));
        RestoreResult r = api.undo();
        Manifest pre = Manifest.fromJson(Files.readString(Path.of(r.preRestore() + ".json")));
        assertEquals(r.restored().getFileName().toString(), pre.restores());

        // A manifest written before 'restores' existed: the field reads as null, the rest as before.
        String old = Files.readString(Path.of(r.preRestore() + ".json")).replaceAll(",\\s*\"restores\": \"[^\"]*\"", "");
        Manifest legacy = Manifest.fromJson(old);
        assertNull(legacy.restores());
        assertEquals("pre-restore", legacy.reason());
    }

    private void sql(String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            for (String s : statements) st.executeUpdate(s);
        }
    }

    private long count(String table) throws Exception {
        return query("SELECT count(*) FROM " + table);
    }

    private long tables(String name) throws Exception {
        return query("SELECT count(*) FROM sqlite_schema WHERE name = '" + name + "'");
    }

    private long query(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
