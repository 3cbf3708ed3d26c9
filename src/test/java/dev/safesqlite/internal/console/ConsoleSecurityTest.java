package dev.safesqlite.internal.console;

import static dev.safesqlite.testing.TestDatabases.ordersDatabase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.BackupInfo;
import dev.safesqlite.SafeSqlite;
import dev.safesqlite.WebConsole;
import dev.safesqlite.internal.backup.Manifest;
import dev.safesqlite.internal.engine.ProtectedDatabase;
import dev.safesqlite.internal.config.SettingsResolver;
import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SPEC 12's refusals, each checked to change nothing, with a plain HTTP client. */
class ConsoleSecurityTest {

    @TempDir
    Path tmp;

    private Path db;
    private SafeSqlite api;
    private BackupInfo first;
    private WebConsole console;
    private ConsoleClient client;

    @BeforeEach
    void start() throws Exception {
        db = ordersDatabase(tmp.resolve("shop.db"), 25);
        api = SafeSqlite.of(db, Map.of("safesqlite.backup.on.startup", "false"));
        first = api.backup(false);
        console = WebConsole.builder().database(api).port(0).start();
        client = new ConsoleClient(console.url());
    }

    @AfterEach
    void stop() {
        if (console != null) console.close();
    }

    @Test
    void theConsoleListensOnLoopbackAndPrintsAUrlWithALongRandomToken() {
        assertTrue(console.url().startsWith("http://127.0.0.1:" + console.port() + "/?token="), console.url());
        String token = console.url().substring(console.url().indexOf("token=") + 6);
        assertTrue(token.length() >= 43, "256 random bits in base64url: " + token);
        try (WebConsole other = WebConsole.builder().database(api).port(0).start()) {
            assertFalse(other.url().endsWith(token), "each console has its own token");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aRequestWithoutTheTokenIsRefusedAndSeesNothing() throws Exception {
        for (String path : List.of("/", "/db/0", "/db/0/prune", "/db/0/restore?backup=" + first.file().getFileName())) {
            HttpResponse<String> r = client.get(path);
            assertEquals(403, r.statusCode(), path);
            assertTrue(r.body().contains("needs the token"), r.body());
            assertFalse(r.body().contains("shop.db"), "no name, no data: " + r.body());
            assertFalse(r.body().contains("csrf"), r.body());
        }
    }

    @Test
    void aWrongTokenIsRefusedAndSetsNoCookie() throws Exception {
        String wrong = console.url().substring(0, console.url().indexOf("token=") + 6) + "A".repeat(43);
        HttpResponse<String> r = client.open(wrong);
        assertEquals(403, r.statusCode());
        assertTrue(r.headers().firstValue("Set-Cookie").isEmpty());
        assertEquals(403, client.get("/db/0").statusCode());
    }

    @Test
    void theRightTokenSetsAnHttpOnlyStrictCookieAndLeavesTheAddressBar() throws Exception {
        HttpResponse<String> r = client.open(console.url());
        assertEquals(303, r.statusCode());
        assertEquals("/", r.headers().firstValue("Location").orElseThrow(), "redirected to the same page without the token");
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"), cookie);
        HttpResponse<String> page = client.get("/db/0");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("shop.db"));
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElseThrow().contains("default-src 'none'"));
    }

    @Test
    void aPostWithoutTheCsrfTokenIsRefusedAndTakesNoBackup() throws Exception {
        client.open(console.url());
        HttpResponse<String> none = client.post("/db/0/backup", Map.of());
        HttpResponse<String> wrong = client.post("/db/0/backup", Map.of("csrf", "forged"));
        for (HttpResponse<String> r : List.of(none, wrong)) {
            assertEquals(403, r.statusCode());
            assertTrue(r.body().contains("CSRF token") && r.body().contains("Nothing was changed"), r.body());
        }
        assertEquals(List.of(first), api.list(), "no backup was taken");
        assertEquals(403, client.post("/db/0/prune", Map.of()).statusCode());
        assertEquals(403, client.post("/db/0/restore", Map.of("backup", first.file().getFileName().toString(),
                "confirm", "shop.db")).statusCode());
        assertEquals(List.of(first), api.list(), "nothing pruned, no pre-restore backup");
    }

    @Test
    void actionsAreRefusedOverGet() throws Exception {
        client.open(console.url());
        HttpResponse<String> r = client.get("/db/0/backup");
        assertEquals(405, r.statusCode());
        assertEquals("POST", r.headers().firstValue("Allow").orElseThrow());
        assertEquals(List.of(first), api.list());
    }

    @Test
    void aRestoreOfABackupNameThatDoesNotExistIsRefusedAndChangesNothing() throws Exception {
        client.open(console.url());
        String csrf = client.csrf("/db/0");
        run(db, "DELETE FROM orders WHERE id <= 5");
        for (String name : List.of("shop_20200101-000000-000_manual.db", "../shop.db", first.file().toString())) {
            HttpResponse<String> r = client.post("/db/0/restore", Map.of("csrf", csrf, "backup", name, "confirm", "shop.db"));
            assertEquals(404, r.statusCode(), name);
            assertTrue(r.body().contains("There is no backup named") && r.body().contains("Nothing was restored"), r.body());
            assertEquals(404, client.get("/db/0/restore?backup=" + java.net.URLEncoder.encode(name, "UTF-8")).statusCode());
        }
        assertEquals(20, count(db), "the database is as it was");
        assertEquals(List.of(first), api.list(), "no pre-restore backup");
        assertEquals(404, client.get("/db/1").statusCode(), "a database the console was not given does not exist");
    }

    @Test
    void aRestoreWithoutTheDatabaseNameTypedIsRefusedAndChangesNothing() throws Exception {
        client.open(console.url());
        String csrf = client.csrf("/db/0");
        run(db, "DELETE FROM orders WHERE id <= 5");
        for (String typed : List.of("", "yes", "SHOP.DB", "shop")) {
            HttpResponse<String> r = client.post("/db/0/restore", Map.of("csrf", csrf,
                    "backup", first.file().getFileName().toString(), "confirm", typed));
            assertEquals(400, r.statusCode(), typed);
            assertTrue(r.body().contains("type the database&#39;s name, shop.db, exactly"), r.body());
        }
        assertEquals(20, count(db));
        assertEquals(List.of(first), api.list());
    }

    @Test
    void aSecondRestoreWhileOneRunsIsRefusedAndChangesNothing() throws Exception {
        console.close();
        // Jobs wait in this executor until the test lets them run: the first restore is then
        // accepted and still running when the second arrives, whatever the machine's speed.
        HeldJobs held = new HeldJobs();
        Properties overrides = new Properties();
        overrides.setProperty("safesqlite.backup.on.startup", "false");
        ProtectedDatabase engine = ProtectedDatabase.detached(db,
                SettingsResolver.builder().connectionProperties(overrides).resolve());
        try (ConsoleServer server = ConsoleServer.start(new ConsoleServer.Config(
                List.of(new ConsoleDatabase("0", api, engine)), InetAddress.getLoopbackAddress(), 0, null, false), held)) {
            ConsoleClient c = new ConsoleClient(server.url());
            c.open(server.url());
            String csrf = c.csrf("/db/0");
            run(db, "DELETE FROM orders WHERE id <= 5");
            Map<String, String> form = Map.of("csrf", csrf, "backup", first.file().getFileName().toString(), "confirm", "shop.db");
            HttpResponse<String> accepted = c.post("/db/0/restore", form);
            assertEquals(303, accepted.statusCode(), accepted.body());
            String job = accepted.headers().firstValue("Location").orElseThrow();

            HttpResponse<String> second = c.post("/db/0/restore", form);
            assertEquals(409, second.statusCode());
            assertTrue(second.body().contains("already running") && second.body().contains("changed nothing"), second.body());
            assertEquals(409, c.post("/db/0/backup", Map.of("csrf", csrf)).statusCode(), "no backup during a restore");
            assertTrue(c.get("/db/0").body().contains("A restore of this database is running"));
            assertEquals(1, held.tasks.size(), "only the first restore was started");
            assertEquals(20, count(db));
            assertEquals(List.of(first), api.list());

            held.runAll();
            String state = c.waitForJob(job);
            assertTrue(state.contains("\"state\":\"done\""), state);
            assertEquals(25, count(db), "the first restore ran once let go");
            assertEquals(303, c.post("/db/0/restore", form).statusCode(), "and a new restore is accepted after it");
        }
    }

    @Test
    void aNonLoopbackAddressWithoutTlsIsRefusedBeforeAnythingListens() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                WebConsole.builder().database(api).port(0).bind(InetAddress.getByName("0.0.0.0")).start());
        assertTrue(e.getMessage().contains("without TLS") && e.getMessage().contains("--allow-insecure-remote")
                && e.getMessage().contains("Nothing was started"), e.getMessage());
    }

    @Test
    void anotherDatabaseSharingTheBackupDirectoryShowsNoSqlOrData() throws Exception {
        Path other = ordersDatabase(tmp.resolve("payroll.db"), 3);
        ProtectedDatabase otherEngine = ProtectedDatabase.detached(other, SettingsResolver.builder().resolve());
        otherEngine.backup("pre-ddl", new Manifest.Trigger("DROP TABLE salaries_secret", "c", "t"), otherEngine.settings(), false);
        assertTrue(Files.readString(tmp.resolve("backups/audit.log")).contains("salaries_secret"), "one audit log for both");
        client.open(console.url());
        String page = client.get("/db/0").body();
        assertFalse(page.contains("salaries_secret"), "the other database's SQL is not shown");
        assertFalse(page.contains("payroll"), "nor its backups");
        assertTrue(page.contains("recent lines of other databases that share this log are not shown"), page);
        assertEquals(404, client.get("/db/0/restore?backup=" + otherEngine.backups().get(0).file().getFileName()).statusCode());
    }

    @Test
    void triggerSqlIsEscaped() throws Exception {
        ProtectedDatabase engine = ProtectedDatabase.detached(db, SettingsResolver.builder().resolve());
        engine.backup("pre-ddl", new Manifest.Trigger("DROP TABLE \"<script>alert('x')</script>\" -- & <b>", "c", "t"),
                engine.settings(), false);
        client.open(console.url());
        String page = client.get("/db/0").body();
        assertFalse(page.contains("<script>alert"), page);
        assertFalse(page.contains("<b>"), page);
        assertTrue(page.contains("DROP TABLE &quot;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot; -- &amp; &lt;b&gt;"), page);
    }

    private static void run(Path db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static long count(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM orders")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** An executor that holds what it is given until told to run it. */
    private static final class HeldJobs extends AbstractExecutorService {
        final List<Runnable> tasks = new ArrayList<>();

        @Override
        public synchronized void execute(Runnable command) {
            tasks.add(command);
        }

        void runAll() {
            List<Runnable> now;
            synchronized (this) {
                now = List.copyOf(tasks);
                tasks.clear();
            }
            now.forEach(Runnable::run);
        }

        @Override
        public void shutdown() {
        }

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }
}
