package dev.safesqlite.internal.continuous;

import dev.safesqlite.internal.backup.LiveConnection;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Keeps SQLite from reusing WAL space whose frames are not kept yet, the way Litestream does: a
 * read transaction is always open on one of two connections of its own. While a reader holds a
 * snapshot, no checkpoint copies frames past it and no writer restarts the WAL over its frames;
 * a reader that began when everything was already checkpointed (read mark 0) blocks every
 * checkpoint instead, so the frames written after a restart stay. To move on after frames were
 * kept, the other connection begins a new read transaction <em>before</em> the old one ends
 * ({@link #advance}): at no moment is nothing held, so nothing written since the frames were read
 * can be checkpointed and overwritten in between.
 *
 * <p>Readers never block writers in WAL mode, so this costs the application no lock and no wait;
 * what it delays is only a checkpoint's progress past the newest kept frames (milliseconds behind).
 */
final class WalHold implements AutoCloseable {

    private final LiveConnection[] connections = new LiveConnection[2];
    private int holding = -1;

    WalHold(Path database) throws SQLException {
        connections[0] = LiveConnection.open(database, 0);
        try {
            connections[1] = LiveConnection.open(database, 0);
        } catch (SQLException e) {
            connections[0].close();
            throw e;
        }
    }

    /** Holds a read transaction from now on (the first call), or moves it to the present (every later one). */
    void advance() throws SQLException {
        int next = holding == 0 ? 1 : 0;
        begin(connections[next]);
        int previous = holding;
        holding = next;
        if (previous >= 0) end(connections[previous]);
    }

    private static void begin(LiveConnection c) throws SQLException {
        SQLException last = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            try (Statement st = c.connection().createStatement()) {
                st.execute("BEGIN");
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_schema")) {
                    rs.next(); // the first read starts the snapshot, and its hold on the WAL
                }
                String mode;
                try (ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
                    mode = rs.next() ? rs.getString(1) : null;
                }
                if (!"wal".equalsIgnoreCase(mode)) {
                    // Held in rollback-journal mode, this read would be a SHARED lock that blocks every commit.
                    end(c);
                    throw new NotInWalMode(mode);
                }
                return;
            } catch (NotInWalMode e) {
                throw e;
            } catch (SQLException e) {
                // SQLITE_BUSY while another connection runs WAL recovery or restarts the WAL: momentary
                last = e;
                end(c);
                try {
                    Thread.sleep(1);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw last != null ? last : new SQLException("interrupted while holding the WAL");
    }

    /** The database is not in WAL mode: there is no WAL to hold, and holding a read would block writers. */
    static final class NotInWalMode extends SQLException {
        NotInWalMode(String mode) {
            super("the database is in journal_mode=" + mode + ", not WAL: continuous protection needs WAL (safesqlite.wal=true)");
        }
    }

    private static void end(LiveConnection c) {
        try (Statement st = c.connection().createStatement()) {
            st.execute("ROLLBACK");
        } catch (SQLException notInTransaction) {
            // nothing was open
        }
    }

    @Override
    public void close() throws SQLException {
        SQLException first = null;
        for (LiveConnection c : connections) {
            try {
                end(c);
                c.close();
            } catch (SQLException e) {
                if (first == null) first = e;
            }
        }
        holding = -1;
        if (first != null) throw first;
    }
}
