package dev.safesqlite.internal.restore;

/**
 * Long work (copying a backup, checking it, exporting rows) reports here, so that a front can
 * show it; the engine itself never knows whether a terminal is watching.
 */
public interface Progress {

    /** Shows nothing: for the Java API, scripts and tests. */
    Progress NONE = new Progress() {
        @Override
        public void start(String task, long total, String unit) {
        }

        @Override
        public void advance(long amount) {
        }

        @Override
        public void done() {
        }
    };

    /** A new task of {@code total} {@code unit}s (bytes, rows) begins. */
    void start(String task, long total, String unit);

    void advance(long amount);

    /** The current task ended, successfully or not. */
    void done();
}
