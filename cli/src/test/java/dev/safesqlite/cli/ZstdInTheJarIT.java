package dev.safesqlite.cli;

import static dev.safesqlite.testing.TestDatabases.ordersDatabase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** zstd-jni is optional in the engine; the command line jar bundles it, so zstd backups are written and read. */
class ZstdInTheJarIT {

    @TempDir
    Path tmp;

    @Test
    void theJarWritesAndVerifiesZstdBackups() throws Exception {
        Path db = ordersDatabase(tmp.resolve("shop.db"), 30);
        // ./safesqlite.properties of the working directory: the settings file of SPEC section 3.
        Files.writeString(tmp.resolve("safesqlite.properties"), "backup.compress=zstd\n");
        Cli cli = new Cli(tmp);
        Cli.Run backup = cli.run("backup", db.toString(), "--json");
        assertEquals(0, backup.exit(), backup.toString());
        JsonObject b = backup.json();
        assertEquals("zstd", b.get("compression").getAsString(), backup.toString());
        assertTrue(b.get("file").getAsString().endsWith(".db.zst"), backup.toString());
        Cli.Run verify = cli.run("verify", db.toString());
        assertEquals(0, verify.exit(), verify.toString());
    }
}
