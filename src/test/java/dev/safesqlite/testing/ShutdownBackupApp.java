package dev.safesqlite.testing;

import dev.safesqlite.internal.engine.ProtectedDatabase;
import java.nio.file.Path;

/** An application that protects a database with backup.on.shutdown and then simply exits. Args: database. */
public final class ShutdownBackupApp {

    public static void main(String[] args) throws Exception {
        ProtectedDatabase.of(Path.of(args[0]), TestDatabases.settings("backup.on.shutdown", "true",
                "backup.on.startup", "false", "checkpoint.interval", "0"));
        System.out.println("exiting");
    }
}
