package dev.safesqlite.internal.restore;

import static dev.safesqlite.testing.TestDatabases.ordersDatabase;
import static dev.safesqlite.testing.TestDatabases.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.internal.backup.StoredBackup;
import dev.safesqlite.internal.engine.ProtectedDatabase;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupVerificationTest {

    @TempDir
    Path tmp;

    @Test
    void namesEachDamagedTruncatedOrOrphanedBackupAndPassesTheSoundOnes() throws Exception {
        Path db = ordersDatabase(tmp.resolve("v.db"), 300);
        ProtectedDatabase pd = ProtectedDatabase.detached(db, settings("backup.dir", tmp.resolve("b").toString(),
                "backup.compress", "gzip"));
        StoredBackup sound = pd.backup("manual", null, pd.settings(), false);
        StoredBackup flipped = pd.backup("manual", null, pd.settings(), false);
        StoredBackup truncated = pd.backup("manual", null, pd.settings(), false);
        StoredBackup noManifest = pd.backup("manual", null, pd.settings(), false);
        StoredBackup noFile = pd.backup("manual", null, pd.settings(), false);
        byte[] bytes = Files.readAllBytes(flipped.file());
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(flipped.file(), bytes);
        try (FileChannel ch = FileChannel.open(truncated.file(), StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() / 2);
        }
        Files.delete(noManifest.manifestFile());
        Files.delete(noFile.file());

        Map<Path, BackupCheck> checks = new BackupVerification(pd, false, true).all(Progress.NONE).stream()
                .collect(Collectors.toMap(BackupCheck::file, Function.identity()));
        assertEquals(5, checks.size(), checks.toString());
        assertTrue(checks.get(sound.file()).ok(), checks.toString());
        assertTrue(checks.get(flipped.file()).problem().contains("checksum"), checks.toString());
        assertTrue(checks.get(truncated.file()).problem().contains("truncated"), checks.toString());
        assertTrue(checks.get(noManifest.file()).problem().contains("without its manifest"), checks.toString());
        assertTrue(checks.get(noFile.manifestFile()).problem().contains("without its backup file"), checks.toString());
    }

    @Test
    void oneBackupByNameAndABackupWithoutManifest() throws Exception {
        Path db = ordersDatabase(tmp.resolve("one.db"), 3);
        ProtectedDatabase pd = ProtectedDatabase.detached(db, settings("backup.dir", tmp.resolve("b").toString()));
        StoredBackup b = pd.backup("manual", null, pd.settings(), false);
        BackupVerification v = new BackupVerification(pd, true, true);
        assertTrue(v.one(b.file().getFileName(), Progress.NONE).ok());
        Files.delete(b.manifestFile());
        BackupCheck c = v.one(b.file(), Progress.NONE);
        assertTrue(c.problem().contains("has no manifest"), c.toString());
        assertEquals(List.of(), pd.backups());
    }
}
