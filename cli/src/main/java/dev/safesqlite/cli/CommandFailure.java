package dev.safesqlite.cli;

/** A command ends with this exit code and message (already naming the file or setting and what to do). */
final class CommandFailure extends Exception {
    private final int exitCode;

    CommandFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
