package dev.safesqlite.internal.engine;

import dev.safesqlite.internal.backup.LiveConnection;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Whether a database has anything to lose yet: a database without a table, index or view has not. */
final class SchemaCheck {

    private SchemaCheck() {
    }

    static boolean hasSchema(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT EXISTS (SELECT 1 FROM main.sqlite_schema)")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    static boolean hasSchema(Path file) {
        try (LiveConnection c = LiveConnection.open(file, 0)) {
            return hasSchema(c.connection());
        } catch (SQLException e) {
            return false;
        }
    }
}
