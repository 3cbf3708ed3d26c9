package dev.safesqlite.internal.console;

import static dev.safesqlite.testing.TestDatabases.ordersDatabase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.PointInTimeRange;
import dev.safesqlite.RestorePointInfo;
import dev.safesqlite.RestoreResult;
import dev.safesqlite.SafeSqlite;
import dev.safesqlite.WebConsole;
import dev.safesqlite.testing.ContinuousFront;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restore points and point-in-time restore where an application and an operator look (SPEC 11,
 * 12): the Java API ({@code SafeSqlite}) and the console page, over HTTP, on what an application
 * with continuous=on left on disk (real sqlite-jdbc, real files).
 */
class ConsoleRestorePointsTest {

    @TempDir
    Path tmp;

    private static long count(Path db, String sql) throws Exception {
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db); var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void theApiListsPointsAndTheRangeAndRestoresAPointInTimeAuditedLikeItsCommand() throws Exception {
        Path db = ordersDatabase(tmp.resolve("shop.db"), 30);
        Path backups = tmp.resolve("backups");
        long beforeDrop;
        try (ContinuousFront app = new ContinuousFront(db, backups)) {
            app.commit("INSERT INTO orders(item, qty) VALUES ('kept', 3)");
            beforeDrop = app.continuous().keepNow();
            app.run("DROP TABLE orders");
        }
        SafeSqlite api = SafeSqlite.of(db, Map.of("safesqlite.backup.dir", backups.toString()));
        List<RestorePointInfo> points = api.restorePoints();
        assertEquals(1, points.size());
        assertEquals("tx" + beforeDrop, points.get(0).position());
        assertEquals("DROP TABLE orders", points.get(0).sql());
        assertEquals("pre-ddl", points.get(0).reason());
        PointInTimeRange range = api.pointInTimeRange();
        assertTrue(range.lastTime().isAfter(range.firstTime()) || range.lastTime().equals(range.firstTime()));
        assertTrue(api.list().stream().noneMatch(b -> b.reason().equals("pre-ddl")), "a point, not a full backup");

        RestoreResult undone = api.undo();
        assertEquals("tx" + beforeDrop, undone.position());
        assertEquals(points.get(0).file(), undone.restored());
        assertEquals(31, count(db, "SELECT count(*) FROM orders"));
        String audit = Files.readString(backups.resolve("audit.log"));
        assertTrue(audit.contains("\"event\":\"restore.done\"") && audit.contains("\"position\":\"tx" + beforeDrop + "\"")
                && audit.contains("\"point\":\"" + points.get(0).file() + "\""), audit);

        RestoreResult early = api.restoreAt("tx" + (beforeDrop - 1));
        assertEquals("tx" + (beforeDrop - 1), early.position());
        assertEquals(30, count(db, "SELECT count(*) FROM orders"));
        RestoreResult now = api.restoreAt(Instant.now());
        assertEquals(range.last(), now.position(), "the last transaction committed at or before now");
        assertEquals(0, count(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'orders'"));
    }

    @Test
    void theConsolePageShowsTheRestorePointsAndTheRange() throws Exception {
        Path db = ordersDatabase(tmp.resolve("shop.db"), 10);
        Path backups = tmp.resolve("backups");
        try (ContinuousFront app = new ContinuousFront(db, backups)) {
            app.commit("INSERT INTO orders(item, qty) VALUES ('x', 1)");
            app.run("DELETE FROM orders WHERE item <> '<script>alert(1)</script>'");
        }
        SafeSqlite api = SafeSqlite.of(db, Map.of("safesqlite.backup.dir", backups.toString()));
        RestorePointInfo p = api.restorePoints().get(0);
        try (WebConsole console = api.serveConsole(0)) {
            ConsoleClient c = new ConsoleClient(console.url());
            c.open(console.url());
            String page = c.get("/db/0").body();
            assertTrue(page.contains("<section id=\"restore-points\">"), page);
            assertTrue(page.contains("<p id=\"pit-range\">Any point from <code>" + api.pointInTimeRange().first() + "</code>"),
                    page);
            assertTrue(page.contains("<td data-label=\"Position\"><code>" + p.position() + "</code></td>"), page);
            assertTrue(page.contains("<td data-label=\"Reason\">pre-delete</td>"), page);
            assertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the SQL is text, escaped: " + page.substring(page.indexOf("restore-points")));
            assertFalse(page.contains("<script>alert(1)"));
        }
        // A database continuous protection never kept: no section.
        Path plain = ordersDatabase(tmp.resolve("plain.db"), 3);
        try (WebConsole console = SafeSqlite.of(plain, Map.of()).serveConsole(0)) {
            ConsoleClient c = new ConsoleClient(console.url());
            c.open(console.url());
            assertFalse(c.get("/db/0").body().contains("id=\"restore-points\""));
        }
    }
}
