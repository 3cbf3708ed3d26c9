package dev.safesqlite.cli;

/** The exit codes of SPEC section 7, for scripts and monitoring. */
final class ExitCodes {
    static final int DONE = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int DAMAGE_FOUND = 3;

    private ExitCodes() {
    }
}
