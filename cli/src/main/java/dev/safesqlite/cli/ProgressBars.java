package dev.safesqlite.cli;

import dev.safesqlite.internal.restore.Progress;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress of long work as bars on the terminal's standard error, so standard output stays the result. */
final class ProgressBars implements Progress {

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
            b.setUnit(" MB", 1 << 20).showSpeed();
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
