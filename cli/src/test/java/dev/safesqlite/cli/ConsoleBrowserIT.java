package dev.safesqlite.cli;

import static dev.safesqlite.testing.TestDatabases.ordersDatabase;
import static dev.safesqlite.testing.TestDatabases.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.internal.backup.BackupName;
import dev.safesqlite.internal.backup.Manifest;
import dev.safesqlite.internal.backup.StoredBackup;
import dev.safesqlite.internal.config.Settings;
import dev.safesqlite.internal.engine.ProtectedDatabase;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console as an operator uses it: {@code safesqlite console shop.db} run as the jar,
 * its printed URL opened in headless Chromium. Screenshots of what a person sees are kept in
 * {@code cli/target/console.png} (desktop) and {@code cli/target/console-phone.png}.
 */
class ConsoleBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path TARGET = Path.of(System.getProperty("cli.jar.under.test", "target/safesqlite-cli.jar"))
            .toAbsolutePath().getParent();

    @TempDir
    Path tmp;

    private WebDriver browser;
    private ConsoleProcess console;

    @BeforeEach
    void browser() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "the browser test needs Chromium and its driver at " + CHROMIUM + " and " + CHROMEDRIVER
                        + "; install them with: apt-get update && apt-get install -y chromium chromium-driver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createDirectories(tmp.resolve("chromium-profile")), "--window-size=1280,2000");
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void close() throws Exception {
        if (browser != null) browser.quit();
        if (console != null) console.close();
    }

    @Test
    void anOperatorSeesTheHistoryBacksUpVerifiesPrunesAndRestoresTheDroppedTable() throws Exception {
        Path db = history();
        console = new ConsoleProcess(tmp, db.toString(), "--port", "0", "-s", "retain.last=4", "-s", "retain.daily=0",
                "-s", "retain.weekly=0", "-s", "retain.monthly=0", "-s", "retain.within=0");
        assertTrue(console.url().startsWith("http://127.0.0.1:"), console.printed());

        // Open the printed URL: the token leaves the address bar, the history table and chart show.
        browser.get(console.url());
        assertFalse(browser.getCurrentUrl().contains("token"), browser.getCurrentUrl());
        assertEquals(5, rows().size());
        assertEquals(5, browser.findElements(By.cssSelector("#backup-chart g.backup")).size(), "one mark per backup");
        assertEquals("pre-ddl", cell(rows().get(0), "Reason"));
        assertTrue(cell(rows().get(0), "Trigger SQL").contains("DROP TABLE orders"));
        assertTrue(cell(rows().get(4), "Retention").contains("deleted by next prune"), "the oldest goes next");
        assertTrue(cell(rows().get(1), "Retention").contains("kept: last"));
        assertTrue(text("newest-age").endsWith("ago"));
        assertEquals("chain intact", text("audit-chain"));
        screenshot("console.png");

        // Phone-sized: the same page, one card per backup.
        browser.manage().window().setSize(new Dimension(390, 2400));
        browser.navigate().refresh();
        assertTrue(browser.findElement(By.id("backup-now")).isDisplayed());
        screenshot("console-phone.png");
        browser.manage().window().setSize(new Dimension(1280, 2000));

        // Prune: the dry run first, then the deletion it showed.
        browser.findElement(By.id("prune")).click();
        assertEquals("1", text("prune-count"));
        assertTrue(text("prune-list").contains("startup"));
        browser.findElement(By.id("prune-confirm")).click();
        assertTrue(text("notice").startsWith("Prune deleted 1 backup"), text("notice"));
        assertEquals(4, rows().size());

        // Backup now, pinned: a new row on top.
        browser.findElement(By.id("pin")).click();
        browser.findElement(By.id("backup-now")).click();
        assertTrue(text("notice").startsWith("Backup taken"), text("notice"));
        assertEquals(5, rows().size());
        assertEquals("manual", cell(rows().get(0), "Reason"));
        assertEquals("pinned", cell(rows().get(0), "Pinned"));

        // Verify all, and watch the progress to its end.
        browser.findElement(By.id("verify-all")).click();
        WebElement job = until(d -> {
            WebElement j = d.findElement(By.id("job"));
            return "running".equals(j.getAttribute("data-state")) ? null : j;
        });
        assertEquals("done", job.getAttribute("data-state"), text("outcome"));
        assertEquals("5 backups checked, none damaged.", text("outcome"));
        WebElement bar = browser.findElement(By.id("progress"));
        assertEquals(bar.getAttribute("max"), bar.getAttribute("value"), "the progress bar is full");
        screenshot("console-verify.png");
        browser.findElement(By.id("back")).click();

        // Restore the backup taken before DROP TABLE orders: the dry run's diff, then the name typed.
        WebElement preDdl = rows().stream().filter(r -> cell(r, "Reason").equals("pre-ddl")).findFirst().orElseThrow();
        preDdl.findElement(By.linkText("Restore…")).click();
        WebElement orders = browser.findElements(By.cssSelector("#restore-diff tbody tr")).stream()
                .filter(r -> r.getText().startsWith("orders")).findFirst().orElseThrow();
        assertTrue(orders.getText().contains("appears"), orders.getText());
        screenshot("console-restore.png");
        browser.findElement(By.id("confirm")).sendKeys("shop");
        browser.findElement(By.id("restore-confirm")).click();
        assertTrue(text("refusal").contains("type the database's name, shop.db, exactly"), text("refusal"));
        assertEquals("0", Sqlite.text(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'orders'"), "nothing restored");
        browser.navigate().back();
        WebElement confirm = browser.findElement(By.id("confirm"));
        confirm.clear();
        confirm.sendKeys("shop.db");
        browser.findElement(By.id("restore-confirm")).click();
        job = until(d -> {
            WebElement j = d.findElement(By.id("job"));
            return "running".equals(j.getAttribute("data-state")) ? null : j;
        });
        assertEquals("done", job.getAttribute("data-state"), text("outcome"));
        assertTrue(text("outcome").startsWith("Restored shop.db from shop_"), text("outcome"));
        assertEquals(7200, Sqlite.count(db, "orders"), "the dropped table is back with its rows");
        browser.findElement(By.id("back")).click();
        assertEquals("pre-restore", cell(rows().get(0), "Reason"), "the state before the restore is kept");
        String audit = browser.findElement(By.id("audit-tail")).getText();
        assertTrue(audit.contains("restore.done") && audit.contains("verify.ok") && audit.contains("retention.deleted"), audit);
        // The page's own style and script ran under its Content-Security-Policy: nothing was blocked.
        List<String> blocked = browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .map(org.openqa.selenium.logging.LogEntry::getMessage)
                .filter(m -> m.contains("Content Security Policy") || m.contains("Refused to")).toList();
        assertEquals(List.of(), blocked);
    }

    @Test
    void anOperatorSeesTheRestorePointsAndTheRangeThatCanBeRestored() throws Exception {
        Path db = ordersDatabase(tmp.resolve("shop.db"), 30);
        String position;
        try (dev.safesqlite.testing.ContinuousFront app = new dev.safesqlite.testing.ContinuousFront(db, tmp.resolve("backups"))) {
            position = "tx" + app.commit("INSERT INTO orders(item, qty) VALUES ('late', 1)");
            app.run("DROP TABLE orders");
        }
        console = new ConsoleProcess(tmp, db.toString(), "--port", "0");
        browser.get(console.url());
        assertTrue(text("pit-range").startsWith("Any point from tx"), text("pit-range"));
        List<WebElement> points = browser.findElements(By.cssSelector("#points tbody tr"));
        assertEquals(1, points.size());
        assertEquals(position, cell(points.get(0), "Position"));
        assertEquals("pre-ddl", cell(points.get(0), "Reason"));
        assertEquals("DROP TABLE orders", cell(points.get(0), "Before"));
        screenshot("console-points.png");
    }

    @Test
    void withoutTheTokenTheBrowserIsRefusedAndSeesNoData() throws Exception {
        Path db = ordersDatabase(tmp.resolve("shop.db"), 10);
        console = new ConsoleProcess(tmp, db.toString(), "--port", "0");
        String base = console.url().substring(0, console.url().indexOf('?'));
        browser.get(base + "db/0");
        assertTrue(text("refusal").contains("needs the token it printed"), text("refusal"));
        assertFalse(browser.getPageSource().contains("shop.db"));
        browser.get(base + "?token=wrong");
        assertTrue(text("refusal").contains("needs the token"));
        browser.get(console.url());
        assertTrue(browser.findElement(By.id("summary")).getText().contains("shop.db"), "the printed URL opens it");
    }

    /**
     * shop.db with five backups over four days, growing, then a pre-ddl backup before DROP TABLE
     * orders, which then runs: the history an operator finds after the mistake.
     */
    private Path history() throws Exception {
        Path db = ordersDatabase(tmp.resolve("shop.db"), 200);
        Settings s = settings("backup.on.startup", "false", "retain.last", "100");
        ProtectedDatabase engine = ProtectedDatabase.detached(db, s);
        Instant now = Instant.now();
        String[] reasons = {"startup", "daily", "daily", "daily"};
        for (int i = 0; i < reasons.length; i++) {
            StoredBackup b = engine.backup(reasons[i], null, s, false);
            aged(b, now.minus(Duration.ofHours(24L * (reasons.length - i)).plusMinutes(17L * i)));
            ordersDatabase(db, 700 * (i + 1));
        }
        engine.backup("pre-ddl", new Manifest.Trigger("DROP TABLE orders", "conn-1@app", "main"), s, false);
        Sqlite.run(db, "DROP TABLE orders");
        return db;
    }

    /** Moves a backup (file and manifest) to the name and time it would have had if taken at {@code when}. */
    private static void aged(StoredBackup b, Instant when) throws Exception {
        BackupName name = new BackupName(b.name().database(), when, b.name().reason(), b.name().compressionSuffix());
        Path file = b.file().resolveSibling(name.fileName());
        Files.move(b.file(), file, StandardCopyOption.ATOMIC_MOVE);
        Manifest m = b.manifest().withFile(name.fileName());
        m = new Manifest(m.format(), m.database(), m.file(), when.toString(), m.reason(), m.trigger(), m.bytes(), m.sha256(),
                m.pageSize(), m.pageCount(), m.userVersion(), m.sqliteVersion(), m.verify(), m.compression(), m.pinned(), m.tables());
        Files.writeString(file.resolveSibling(name.manifestName()), m.toJson());
        Files.delete(b.manifestFile());
    }

    private List<WebElement> rows() {
        return browser.findElements(By.cssSelector("#backups tbody tr.backup"));
    }

    private static String cell(WebElement row, String label) {
        return row.findElement(By.cssSelector("td[data-label='" + label + "']")).getText().trim();
    }

    /**
     * The text of element {@code id}, waiting for it to be there: a click that submits a form
     * may return before the next page has loaded.
     */
    private String text(String id) {
        return new WebDriverWait(browser, Duration.ofSeconds(60))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> {
                    List<WebElement> found = d.findElements(By.id(id));
                    return found.isEmpty() ? null : found.get(0).getText().trim();
                });
    }

    private <T> T until(java.util.function.Function<WebDriver, T> condition) {
        return new WebDriverWait(browser, Duration.ofSeconds(60)).until(condition::apply); // bounds a hang only
    }

    private void screenshot(String name) throws Exception {
        File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), TARGET.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
