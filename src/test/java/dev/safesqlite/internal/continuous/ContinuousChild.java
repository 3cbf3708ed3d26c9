package dev.safesqlite.internal.continuous;

import dev.safesqlite.internal.audit.Audit;
import dev.safesqlite.testing.TestDatabases;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Random;

/**
 * A second process on the database, for the proofs of SPEC 11:
 * {@code write DB RECORDS N SEED}: a writer SafeSQLite does not manage (raw sqlite-jdbc), N commits,
 * after each one a line {@code <epoch ms> <content hash>} in RECORDS;
 * {@code keep DB BACKUPS RECORDS SEED}: this JVM keeps the log while it writes, after each commit a
 * line {@code <txid> <content hash>} once the commit is kept, until it is killed.
 */
public final class ContinuousChild {

    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[1]);
        if (args[0].equals("write")) {
            write(db, Path.of(args[2]), Integer.parseInt(args[3]), Long.parseLong(args[4]));
        } else {
            keep(db, Path.of(args[2]), Path.of(args[3]), Long.parseLong(args[4]));
        }
    }

    private static void write(Path db, Path records, int n, long seed) throws Exception {
        Random r = new Random(seed);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             PrintStream out = new PrintStream(new FileOutputStream(records.toFile(), true), true)) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA busy_timeout=5000");
            }
            for (int i = 0; i < n; i++) {
                RandomWorkload.transaction(c, r);
                out.println(System.currentTimeMillis() + " " + ContentHash.of(c));
                Thread.sleep(r.nextInt(20));
            }
        }
        System.out.println("done");
    }

    private static void keep(Path db, Path backups, Path records, long seed) throws Exception {
        Random r = new Random(seed);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             PrintStream out = new PrintStream(new FileOutputStream(records.toFile(), true), true)) {
            ContinuousProtection cp = new ContinuousProtection(db, backups,
                    TestDatabases.settings("continuous", "on", "continuous.lag", "50ms"), new Audit());
            cp.start();
            if (!TestDatabases.eventually(cp::ready)) throw new AssertionError("continuous protection did not start");
            System.out.println("ready");
            for (int i = 0; ; i++) {
                RandomWorkload.transaction(c, r);
                long txid = cp.keepNow();
                out.println(txid + " " + ContentHash.of(c));
                if (i % 7 == 0) RandomWorkload.transaction(c, r); // committed, not yet recorded: kept by whoever comes next
            }
        }
    }
}
