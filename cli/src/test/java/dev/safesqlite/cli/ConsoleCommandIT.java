package dev.safesqlite.cli;

import static dev.safesqlite.testing.TestDatabases.ordersDatabase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code safesqlite console} as the jar: what it prints, and the starts it refuses. */
class ConsoleCommandIT {

    @TempDir
    Path tmp;

    @Test
    void aNonLoopbackBindWithoutTlsIsRefusedWithExit2() throws Exception {
        Path db = ordersDatabase(tmp.resolve("shop.db"), 3);
        Cli.Run r = new Cli(tmp).run("console", db.toString(), "--bind", "0.0.0.0", "--port", "0");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("without TLS") && r.err().contains("--allow-insecure-remote")
                && r.err().contains("Nothing was started"), r.toString());
    }

    @Test
    void aPortInUseIsNamedWithWhatToDo() throws Exception {
        Path db = ordersDatabase(tmp.resolve("shop.db"), 3);
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Cli.Run r = new Cli(tmp).run("console", db.toString(), "--port", String.valueOf(taken.getLocalPort()));
            assertEquals(1, r.exit(), r.toString());
            assertTrue(r.err().contains("pass --port N, or --port 0 for any free port"), r.toString());
        }
    }

    @Test
    void aDatabaseThatIsNotThereIsRefused() throws Exception {
        Cli.Run r = new Cli(tmp).run("console", tmp.resolve("nope.db").toString(), "--port", "0");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains("does not exist"), r.toString());
    }

    @Test
    void itPrintsTheUrlToOpenAndServesTwoDatabases() throws Exception {
        Path shop = ordersDatabase(tmp.resolve("shop.db"), 3);
        Path stock = ordersDatabase(tmp.resolve("stock.db"), 3);
        try (ConsoleProcess console = new ConsoleProcess(tmp, shop.toString(), stock.toString(), "--port", "0")) {
            assertTrue(console.printed().contains("SafeSQLite console for " + shop + ", " + stock), console.printed());
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> open = http.send(HttpRequest.newBuilder(URI.create(console.url())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(303, open.statusCode());
            String cookie = open.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            HttpResponse<String> overview = http.send(HttpRequest.newBuilder(URI.create(console.url()).resolve("/"))
                    .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, overview.statusCode());
            assertTrue(overview.body().contains("href=\"/db/0\">shop.db") && overview.body().contains("href=\"/db/1\">stock.db"),
                    overview.body());
        }
    }
}
