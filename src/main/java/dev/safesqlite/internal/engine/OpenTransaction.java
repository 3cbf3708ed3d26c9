package dev.safesqlite.internal.engine;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Whether the application's connection has a transaction open, asked before a backup is taken
 * (so only destructive statements pay for it). JDBC's auto-commit flag does not see a
 * transaction begun with SQL ({@code execute("BEGIN")}); SQLite refuses a second BEGIN inside
 * one, and an empty deferred transaction begun here is ended at once and touches nothing.
 */
final class OpenTransaction {

    private OpenTransaction() {
    }

    static boolean on(Connection raw) throws SQLException {
        if (!raw.getAutoCommit()) return true;
        try (Statement st = raw.createStatement()) {
            try {
                st.execute("BEGIN");
            } catch (SQLException alreadyOpen) {
                return true; // "cannot start a transaction within a transaction" (or any other refusal: assume open)
            }
            st.execute("ROLLBACK");
            return false;
        }
    }
}
