package dev.safesqlite.cli;

import dev.safesqlite.internal.restore.Progress;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress of long work as bars on the terminal's standard error, so standard output stays the result. */
final class ProgressBars implements Progress {

    /** Bytes from which a bar also shows the speed: below, the work is over in about a second. */
    static final long SHOW_SPEED_FROM = 256L << 20;

    private ProgressBar bar;

    /** Bars on a terminal; nothing in {@code --json} mode or when nobody watches. */
    static Progress forOutput(boolean json) {
        return !json && Terminal.interactive() ? new ProgressBars() : Progress.NONE;
    }

    @Override
    public void start(String task, long total, String unit) {
        done();
        ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate();
        if ("B".equals(unit)) {
            // The unit fits the size (a 40 KB database reads 40/40 KB, not 0/0 MB); the speed only
            // means something for work that lasts seconds, and reads "?" for the first second.
            if (total >= SHOW_SPEED_FROM) {
                b.setUnit(" MB", 1 << 20).showSpeed();
            } else if (total >= 1 << 20) {
                b.setUnit(" MB", 1 << 20);
            } else if (total >= 1 << 10) {
                b.setUnit(" KB", 1 << 10);
            } else {
                b.setUnit(" B", 1);
            }
        } else {
            b.setUnit(" " + unit, 1);
        }
        bar = b.build();
    }

    @Override
    public void advance(long amount) {
        if (bar != null) bar.stepBy(amount);
    }

    @Override
    public void done() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
