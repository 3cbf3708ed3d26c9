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

/**
 * Flyway through HikariCP on jdbc:safesqlite:: one backup per destructive migration script of a
 * release. (Until issue 11 a whole release cost one backup; but Flyway records each script in
 * flyway_schema_history, an INSERT, before the next one runs, and SPEC 4 now forbids reusing a
 * backup across a write it does not hold.)
 */
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
    void eachDestructiveMigrationOfAReleaseIsBackedUpOnceAndTheBackupsHoldWhatFlywayWroteBetweenThem() throws Exception {
        Path db = tmp.resolve("shop.db");
        SampleProcess first = SampleProcess.sample(tmp, MigrationsApp.class, db.toString(), "release1");
        assertEquals(0, first.exit(), first.output());
        assertTrue(first.output().contains("release1: applied 2 migration(s)"), first.output());
        int before = backups("pre-ddl").size();

        SampleProcess second = SampleProcess.sample(tmp, MigrationsApp.class, db.toString(), "release2");
        assertEquals(0, second.exit(), second.output());
        assertTrue(second.output().contains("release2: applied 2 migration(s)"), second.output());
        List<String> preDdl = backups("pre-ddl");
        assertEquals(before + 2, preDdl.size(), "V3 (ALTER, UPDATE of every row, CREATE INDEX) and V4 (DROP): " + preDdl);

        Path beforeV3 = tmp.resolve("backups").resolve(preDdl.get(preDdl.size() - 2));
        assertEquals(0, count(beforeV3, "SELECT count(*) FROM flyway_schema_history WHERE version = '3'"));
        assertEquals(3000, count(beforeV3, "SELECT count(*) FROM orders"));

        Path beforeV4 = tmp.resolve("backups").resolve(preDdl.get(preDdl.size() - 1));
        assertEquals(2, count(beforeV4, "SELECT count(*) FROM legacy_coupons"), "the dropped table is in the backup");
        assertEquals(1, count(beforeV4, "SELECT count(*) FROM flyway_schema_history WHERE version = '3' AND success"),
                "what Flyway wrote after V3 is in the backup before V4");
        assertEquals(3000, count(beforeV4, "SELECT count(*) FROM orders WHERE status = 'paid'"));

        String audit = Files.readString(tmp.resolve("backups/audit.log"));
        String reused = "\"event\":\"backup.reused\",\"db\":\"" + db + "\",\"reason\":";
        assertTrue(audit.contains(reused + "\"pre-update\",\"sql\":\"UPDATE orders SET status = 'paid'\""), audit);
        assertTrue(audit.contains(reused + "\"pre-ddl\",\"sql\":\"CREATE INDEX orders_by_customer ON orders(customer)\""),
                audit);
    }

    private static long count(Path db, String sql) throws Exception {
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
             var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
