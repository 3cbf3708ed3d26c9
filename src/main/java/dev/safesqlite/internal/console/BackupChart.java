package dev.safesqlite.internal.console;

import dev.safesqlite.BackupInfo;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The backups of one database over time as an SVG drawn here, in the page: one stem per backup,
 * its height the backup's size, its colour its reason (the legend is HTML beside it). No script and nothing fetched, so it
 * shows offline and in any browser; each stem's tooltip names the backup.
 */
final class BackupChart {

    private static final int WIDTH = 720;
    private static final int HEIGHT = 220;
    private static final int LEFT = 84;
    private static final int RIGHT = 16;
    private static final int TOP = 16;
    private static final int BOTTOM = 40;

    private BackupChart() {
    }

    static String svg(List<BackupInfo> backups, ZoneId zone) {
        StringBuilder s = new StringBuilder();
        s.append("<svg class=\"chart\" id=\"backup-chart\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" aria-labelledby=\"chart-title\" xmlns=\"http://www.w3.org/2000/svg\">");
        s.append("<title id=\"chart-title\">").append(backups.size()).append(" backups and their sizes over time</title>");
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        s.append("<rect class=\"plot\" x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"")
                .append(plotW).append("\" height=\"").append(plotH).append("\"/>");
        if (backups.isEmpty()) {
            s.append("<text class=\"empty\" x=\"").append(WIDTH / 2).append("\" y=\"").append(HEIGHT / 2)
                    .append("\" text-anchor=\"middle\">no backups yet</text></svg>");
            return s.toString();
        }
        Instant oldest = backups.stream().map(BackupInfo::created).min(Instant::compareTo).orElseThrow();
        Instant newest = backups.stream().map(BackupInfo::created).max(Instant::compareTo).orElseThrow();
        // A single backup, or several in one millisecond, still gets a time axis to stand on.
        long spanMs = Math.max(Duration.between(oldest, newest).toMillis(), 60_000);
        Instant from = oldest.minusMillis(spanMs / 20);
        long axisMs = spanMs + spanMs / 10;
        long maxBytes = Math.max(1, backups.stream().mapToLong(BackupInfo::bytes).max().orElse(1));
        int baseline = TOP + plotH;

        // The size axis: 0, half and the largest size.
        for (int i = 0; i <= 2; i++) {
            int y = baseline - plotH * i / 2;
            s.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + plotW)
                    .append("\" y1=\"").append(y).append("\" y2=\"").append(y).append("\"/>");
            s.append("<text class=\"axis\" x=\"").append(LEFT - 6).append("\" y=\"").append(y + 4)
                    .append("\" text-anchor=\"end\">").append(Html.text(Sizes.of(maxBytes * i / 2))).append("</text>");
        }
        // The time axis: four labels, in the console's local time.
        DateTimeFormatter label = DateTimeFormatter.ofPattern(spanMs > Duration.ofDays(2).toMillis() ? "MMM d" : "MMM d HH:mm",
                Locale.ENGLISH).withZone(zone);
        for (int i = 0; i <= 3; i++) {
            Instant t = from.plusMillis(axisMs * i / 3);
            int x = LEFT + (int) ((long) plotW * i / 3);
            String anchor = i == 0 ? "start" : i == 3 ? "end" : "middle";
            s.append("<text class=\"axis\" x=\"").append(x).append("\" y=\"").append(baseline + 18)
                    .append("\" text-anchor=\"").append(anchor).append("\">").append(Html.text(label.format(t))).append("</text>");
        }
        for (BackupInfo b : backups) {
            double fx = (double) Duration.between(from, b.created()).toMillis() / axisMs;
            int x = LEFT + (int) Math.round(fx * plotW);
            int y = baseline - (int) Math.round((double) b.bytes() / maxBytes * plotH);
            String cls = "r-" + reasonClass(b.reason());
            s.append("<g class=\"backup ").append(cls).append("\"><title>")
                    .append(Html.text(Times.local(b.created(), zone) + "  " + b.reason() + "  " + Sizes.of(b.bytes())
                            + (b.pinned() ? "  pinned" : "")))
                    .append("</title><line x1=\"").append(x).append("\" x2=\"").append(x).append("\" y1=\"")
                    .append(baseline).append("\" y2=\"").append(y).append("\"/><circle cx=\"").append(x)
                    .append("\" cy=\"").append(y).append("\" r=\"4\"/></g>");
        }
        return s.append("</svg>").toString();
    }

    /** The reasons present and their colours, as HTML below the chart (it wraps on a narrow screen; SVG text would not). */
    static String legend(List<BackupInfo> backups) {
        Set<String> reasons = new LinkedHashSet<>();
        for (BackupInfo b : backups) reasons.add(b.reason());
        StringBuilder s = new StringBuilder("<p class=\"legend\">");
        for (String r : reasons) {
            s.append("<span class=\"reason r-").append(reasonClass(r)).append("\"><span class=\"dot\"></span>")
                    .append(Html.text(r)).append("</span> ");
        }
        return s.append("</p>").toString();
    }

    /** A CSS class for a reason: only the known reasons get their own colour. */
    static String reasonClass(String reason) {
        return reason != null && reason.matches("[a-z-]{1,20}") ? reason : "other";
    }
}
