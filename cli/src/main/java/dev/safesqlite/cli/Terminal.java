package dev.safesqlite.cli;

import java.io.Console;

/** Whether a person is watching: progress bars and questions only make sense on a terminal. */
final class Terminal {

    private Terminal() {
    }

    static boolean interactive() {
        Console console = System.console();
        if (console == null) return false;
        // From JDK 22 System.console() also answers when the streams are redirected; isTerminal()
        // (absent on 17, hence reflection) then tells the truth.
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
