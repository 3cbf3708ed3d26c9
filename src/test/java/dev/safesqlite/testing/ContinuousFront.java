package dev.safesqlite.testing;

import dev.safesqlite.internal.config.Settings;
import dev.safesqlite.internal.continuous.ContinuousProtection;
import dev.safesqlite.internal.engine.ProtectedConnection;
import dev.safesqlite.internal.engine.ProtectedDatabase;
import dev.safesqlite.internal.engine.SqliteOpenProperties;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.sqlite.JDBC;

/**
 * An application with {@code safesqlite.continuous=on}, in this test JVM: a real sqlite-jdbc
 * connection with the engine attached as the driver attaches it (the driver itself is not on the
 * command line's nor the engine's class path), so destructive statements get restore points and every commit is kept.
 */
public final class ContinuousFront implements AutoCloseable {

    public final Path db;
    public final Settings settings;
    public final ProtectedDatabase engine;
    private final Connection raw;
    private final ProtectedConnection pc;

    public ContinuousFront(Path db, Path backups, String... more) throws Exception {
        this.db = db;
        String[] base = {"continuous", "on", "continuous.lag", "50ms", "backup.on.startup", "false",
                "checkpoint.interval", "0", "backup.dir", backups.toString()};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        settings = TestDatabases.settings(all);
        String url = "jdbc:sqlite:" + db;
        raw = JDBC.createConnection(url, SqliteOpenProperties.of(url, new Properties(), settings).properties());
        pc = ProtectedConnection.attach(raw, settings);
        engine = ProtectedDatabase.of(db, settings);
        if (!TestDatabases.eventually(() -> engine.continuous() != null && engine.continuous().ready())) {
            throw new AssertionError("continuous protection of " + db + " did not start");
        }
    }

    public ContinuousProtection continuous() {
        return engine.continuous();
    }

    /** As the driver runs SQL: the engine's check (a restore point before a destructive statement), then the statement. */
    public void run(String sql) throws SQLException {
        boolean covered = pc.beforeExecute(sql, true, null);
        try (Statement st = raw.createStatement()) {
            st.executeUpdate(sql);
            if (covered) pc.coveredStatementFinished();
        }
    }

    /** Runs the statement and returns the position of the transaction it committed, once it is kept. */
    public long commit(String sql) throws Exception {
        run(sql);
        return continuous().keepNow();
    }

    /** The application stops: connection closed, the last commits kept, the WAL let go. */
    @Override
    public void close() throws Exception {
        pc.closed();
        raw.close();
        continuous().stop();
        TestDatabases.drainBackgroundWork();
    }
}
