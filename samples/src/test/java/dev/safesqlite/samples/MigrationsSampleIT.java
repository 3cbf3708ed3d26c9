package dev.safesqlite.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.samples.migrations.MigrationsApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flyway through HikariCP on jdbc:safesqlite:: one coalesced backup before a migration run. */
class MigrationsSampleIT {

    @TempDir
    Path tmp;

    private List<String> backups(String reason) throws Exception {
        try (Stream<Path> files = Files.list(tmp.resolve("backups"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith("_" + reason + ".db")).sorted().toList();
        }
    }

    /** README runs it on /tmp/shop/shop.db on a fresh machine, where /tmp/shop does not exist yet. */
    @Test
    void runsOnADatabaseWhoseDirectoryDoesNotExistYet() throws Exception {
        Path db = tmp.resolve("not-yet/shop/shop.db");
        SampleProcess first = SampleProcess.sample(tmp, MigrationsApp.class, db.toString(), "release1");
        assertEquals(0, first.exit(), first.output());
        assertTrue(first.output().contains("release1: applied 2 migration(s)"), first.output());
        assertTrue(Files.isRegularFile(db));
    }

    @Test
    void aReleaseOfSeveralDestructiveMigrationsCostsOneBackupHoldingTheStateBeforeIt() throws Exception {
        Path db = tmp.resolve("shop.db");
        SampleProcess first = SampleProcess.sample(tmp, MigrationsApp.class, db.toString(), "release1");
        assertEquals(0, first.exit(), first.output());
        assertTrue(first.output().contains("release1: applied 2 migration(s)"), first.output());
        int before = backups("pre-ddl").size();

        SampleProcess second = SampleProcess.sample(tmp, MigrationsApp.class, db.toString(), "release2");
        assertEquals(0, second.exit(), second.output());
        assertTrue(second.output().contains("release2: applied 2 migration(s)"), second.output());
        List<String> preDdl = backups("pre-ddl");
        assertEquals(before + 1, preDdl.size(), "ALTER, UPDATE of every row, CREATE INDEX and DROP: one backup " + preDdl);

        Path newest = tmp.resolve("backups").resolve(preDdl.get(preDdl.size() - 1));
        assertEquals(2, SampleProcess.count(newest, "legacy_coupons"), "the dropped table is in the backup");
        assertEquals(3000, SampleProcess.count(newest, "orders"));
        String audit = Files.readString(tmp.resolve("backups/audit.log"));
        assertTrue(audit.contains("\"event\":\"backup.reused\",\"db\":\"" + db + "\",\"reason\":\"pre-ddl\",\"sql\":\"DROP TABLE legacy_coupons\""),
                audit);
    }
}
