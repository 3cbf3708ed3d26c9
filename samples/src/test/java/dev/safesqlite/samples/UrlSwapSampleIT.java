package dev.safesqlite.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.samples.urlswap.UrlSwapDemo;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The url-swap story end to end: the careless app, the backups, a restore with the CLI, the rows back. */
class UrlSwapSampleIT {

    @TempDir
    Path tmp;

    @Test
    void theDroppedTableAndTheDeletedRowsComeBackWithTheCli() throws Exception {
        Path data = tmp.resolve("demo-data");
        SampleProcess app = SampleProcess.sample(tmp, UrlSwapDemo.class, data.toString());
        assertEquals(0, app.exit(), app.output());
        assertTrue(app.output().contains("before: DROP TABLE orders"), app.output());
        assertTrue(app.output().contains("contains: {customers=200, orders=5000}"), app.output());
        Path db = data.resolve("shop.db");
        assertEquals(0, SampleProcess.count(db, "customers"));

        // The DELETE came last: --undo puts back the state just before it (customers, no orders).
        SampleProcess undo = SampleProcess.cli(tmp, "restore", db.toString(), "--undo", "--yes");
        assertEquals(0, undo.exit(), undo.output());
        assertEquals(200, SampleProcess.count(db, "customers"));

        // The backup before the DROP has the orders too.
        SampleProcess list = SampleProcess.cli(tmp, "list", db.toString(), "--json");
        assertEquals(0, list.exit(), list.output());
        String beforeDrop = com.google.gson.JsonParser.parseString(list.output()).getAsJsonObject()
                .getAsJsonArray("backups").asList().stream().map(e -> e.getAsJsonObject())
                .filter(b -> "DROP TABLE orders".equals(b.has("triggerSql") && !b.get("triggerSql").isJsonNull()
                        ? b.get("triggerSql").getAsString() : null))
                .findFirst().orElseThrow(() -> new AssertionError(list.output()))
                .get("file").getAsString();
        SampleProcess restore = SampleProcess.cli(tmp, "restore", db.toString(), beforeDrop, "--yes");
        assertEquals(0, restore.exit(), restore.output());
        assertEquals(5000, SampleProcess.count(db, "orders"));
        assertEquals(200, SampleProcess.count(db, "customers"));
    }
}
