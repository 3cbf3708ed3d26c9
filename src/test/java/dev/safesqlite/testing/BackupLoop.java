package dev.safesqlite.testing;

import dev.safesqlite.internal.backup.BackupDirectory;
import dev.safesqlite.internal.backup.Compression;
import dev.safesqlite.internal.backup.SnapshotWriter;
import java.nio.file.Path;

/** A process that backs a database up again and again, until it is killed. Args: database, backup dir. */
public final class BackupLoop {

    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]);
        BackupDirectory dir = BackupDirectory.open(Path.of(args[1]));
        System.out.println("looping");
        while (true) {
            SnapshotWriter.write(dir, new SnapshotWriter.Request(db, "manual", null, "full", Compression.NONE, false));
        }
    }
}
