package dev.safesqlite.internal.console;

import static dev.safesqlite.internal.console.Html.text;

import dev.safesqlite.PointInTimeRange;
import dev.safesqlite.RestorePointInfo;
import java.io.IOException;
import java.time.ZoneId;
import java.util.List;

/**
 * Continuous protection on a database's page (SPEC 11, 12): the range of time any point of which
 * can be restored, and the restore points recorded before destructive statements (position, time,
 * reason, SQL), read through {@code SafeSqlite} as {@code safesqlite list --points} reads them.
 * Nothing is shown for a database continuous protection has kept nothing of.
 */
final class RestorePoints implements ConsoleFeature {

    private final ZoneId zone;

    RestorePoints(ZoneId zone) {
        this.zone = zone;
    }

    @Override
    public String section(ConsoleDatabase database) {
        PointInTimeRange range;
        List<RestorePointInfo> points;
        try {
            range = database.api().pointInTimeRange();
            points = database.api().restorePoints();
        } catch (IOException | RuntimeException e) {
            return "<section id=\"restore-points\"><h2>Restore points</h2><p class=\"bad\">Cannot read what continuous "
                    + "protection kept: " + text(e.getMessage()) + "</p></section>";
        }
        if (range == null && points.isEmpty()) return null;
        StringBuilder b = new StringBuilder("<section id=\"restore-points\"><h2>Restore points</h2>");
        if (range == null) {
            b.append("<p class=\"warn\" id=\"pit-range\">No snapshot is kept: no point can be restored.</p>");
        } else {
            b.append("<p id=\"pit-range\">Any point from <code>").append(text(range.first())).append("</code> (")
                    .append(text(Times.local(range.firstTime(), zone))).append(") to <code>").append(text(range.last()))
                    .append("</code> (").append(text(Times.local(range.lastTime(), zone)))
                    .append(") can be restored: <code>safesqlite restore ").append(text(database.file()))
                    .append(" --at TIME</code> or <code>--at POSITION</code>.</p>");
        }
        if (points.isEmpty()) {
            b.append("<p id=\"points-none\">No restore points: no destructive statement ran with continuous protection.</p>");
        } else {
            b.append("<table id=\"points\"><thead><tr><th>Position</th><th>Recorded</th><th>Reason</th><th>Before</th>"
                    + "</tr></thead><tbody>");
            for (RestorePointInfo p : points) {
                b.append("<tr><td data-label=\"Position\"><code>").append(text(p.position())).append("</code></td>")
                        .append("<td data-label=\"Recorded\">").append(text(Times.local(p.created(), zone))).append("</td>")
                        .append("<td data-label=\"Reason\">").append(text(p.reason())).append("</td>")
                        .append("<td data-label=\"Before\"><code>").append(text(p.sql())).append("</code></td></tr>");
            }
            b.append("</tbody></table>");
        }
        return b.append("</section>").toString();
    }
}
