package dev.safesqlite.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.samples.urlswap.UrlSwapDemo;
import java.nio.file.Path;
import java.util.List;
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

    /** The demo ends with commands to paste; pasted as printed, in the directory it ran in, they bring every table back. */
    @Test
    void theCommandsTheDemoEndsWithBringEachTableBackWhenRunAsPrinted() throws Exception {
        String cliJar = System.getProperty("cli.jar");
        SampleProcess app = SampleProcess.sample(tmp, UrlSwapDemo.class, tmp.resolve("demo-data").toString(), cliJar);
        assertEquals(0, app.exit(), app.output());
        List<String> commands = app.output().lines().filter(l -> l.startsWith("  java -jar ")).map(String::strip).toList();
        String jar = Path.of(cliJar).toAbsolutePath().normalize().toString();
        assertEquals(List.of(
                "java -jar " + jar + " restore demo-data/shop.db --undo --dry-run",
                "java -jar " + jar + " restore demo-data/shop.db --undo --yes",
                "java -jar " + jar + " restore demo-data/shop.db --undo --yes",
                "java -jar " + jar + " list demo-data/shop.db"), commands, app.output());
        Path db = tmp.resolve("demo-data/shop.db");

        SampleProcess dryRun = SampleProcess.shell(tmp, commands.get(0));
        assertEquals(0, dryRun.exit(), dryRun.output());
        assertTrue(dryRun.output().contains("just before 'DELETE FROM customers'"), dryRun.output());
        assertEquals(0, SampleProcess.count(db, "customers"), "a dry run changes nothing");

        SampleProcess first = SampleProcess.shell(tmp, commands.get(1));
        assertEquals(0, first.exit(), first.output());
        assertEquals(200, SampleProcess.count(db, "customers"), first.output());

        SampleProcess second = SampleProcess.shell(tmp, commands.get(2));
        assertEquals(0, second.exit(), second.output());
        assertEquals(5000, SampleProcess.count(db, "orders"), second.output());
        assertEquals(200, SampleProcess.count(db, "customers"), second.output());

        SampleProcess list = SampleProcess.shell(tmp, commands.get(3));
        assertEquals(0, list.exit(), list.output());
        assertTrue(list.output().contains("pre-restore"), list.output());
    }
}
