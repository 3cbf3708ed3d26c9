package dev.safesqlite.internal.console;

import dev.safesqlite.internal.restore.Progress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Work the console started and a page watches: a verification or a restore. Its state is read
 * by the page's poll while the work runs on another thread, so every access is synchronized.
 * It is also the {@link Progress} the engine reports to, as a terminal's progress bar is for the
 * command line.
 */
final class ConsoleJob implements Progress {

    enum State { RUNNING, DONE, FAILED }

    private final String id;
    private final String title;
    private final ConsoleDatabase database;
    private State state = State.RUNNING;
    private String task = "starting";
    private int stepsDone;
    private int steps;
    private final List<String> lines = new ArrayList<>();
    private String outcome;

    /**
     * @param steps how many steps the work is expected to report (backups to verify); 0 when unknown
     */
    ConsoleJob(String id, String title, ConsoleDatabase database, int steps) {
        this.id = id;
        this.title = title;
        this.database = database;
        this.steps = steps;
    }

    String id() {
        return id;
    }

    String title() {
        return title;
    }

    ConsoleDatabase database() {
        return database;
    }

    @Override
    public synchronized void start(String task, long total, String unit) {
        this.task = task;
    }

    @Override
    public synchronized void advance(long amount) {
    }

    @Override
    public synchronized void done() {
        stepsDone++;
        if (stepsDone > steps) steps = stepsDone; // more than listed (a backup taken meanwhile)
    }

    synchronized void line(String line) {
        lines.add(line);
    }

    synchronized void finish(String outcome) {
        this.outcome = outcome;
        this.task = "finished";
        this.steps = Math.max(steps, stepsDone);
        this.stepsDone = steps;
        this.state = State.DONE;
    }

    synchronized void fail(String outcome) {
        this.outcome = outcome;
        this.task = "failed";
        this.state = State.FAILED;
    }

    synchronized State state() {
        return state;
    }

    /** A copy of the state, for the page and its poll. */
    synchronized Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", state.name().toLowerCase(java.util.Locale.ROOT));
        m.put("task", task);
        m.put("done", stepsDone);
        m.put("total", steps);
        m.put("lines", List.copyOf(lines));
        m.put("outcome", outcome);
        return m;
    }
}
