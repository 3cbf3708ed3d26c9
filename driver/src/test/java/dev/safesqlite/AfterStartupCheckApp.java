package dev.safesqlite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

/**
 * A short-lived program that exits right as its startup backup begins: opens the database through
 * jdbc:safesqlite:, writes, closes, waits until its startup check has written {@code verify.ok} to
 * the audit file (the startup backup is the background thread's next step) and exits at once. The
 * JVM's exit then meets the startup backup not yet started, running (the exit waits for it) or
 * done, whichever the machine's timing gives; each of them must leave the file as the SLF4J mirror
 * reported. Without the wait, a fast exit interrupts the check itself and there is nothing to see.
 */
public final class AfterStartupCheckApp {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        try (Connection c = DriverManager.getConnection("jdbc:safesqlite:" + file); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, v TEXT)");
            st.execute("INSERT INTO t(v) VALUES ('one'), ('two')");
        }
        String pid = "\"pid\":" + ProcessHandle.current().pid();
        Path audit = file.resolveSibling("backups/audit.log");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!checked(audit, pid)) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("no verify.ok of pid " + pid + " in " + audit);
            Thread.sleep(2);
        }
        System.out.println("done pid=" + ProcessHandle.current().pid());
    }

    private static boolean checked(Path audit, String pid) throws Exception {
        if (!Files.exists(audit)) return false;
        List<String> lines = Files.readAllLines(audit);
        return lines.stream().anyMatch(l -> l.contains(pid) && l.contains("\"event\":\"verify.ok\""));
    }
}
