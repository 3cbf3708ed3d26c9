package dev.safesqlite.internal.engine;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What one connection has written so far, as far as coalescing needs to know: two equal values
 * read on the same connection mean it changed nothing in between. {@code total_changes()}
 * counts every row it inserted, updated or deleted (triggers and foreign-key actions included,
 * committed or rolled back, which at worst costs an extra backup); the header values catch the
 * writes it does not count: a schema change ({@code schema_version}, e.g. a DDL statement that
 * {@code protect} does not cover) and {@code PRAGMA user_version} / {@code application_id},
 * which migration tools use to record where a database stands. (ANALYZE's statistics are not
 * seen; they hold no application data.)
 */
record OwnWrites(long totalChanges, long schemaVersion, long userVersion, long applicationId) {

    private static final String SQL = "SELECT total_changes(), s.schema_version, u.user_version, a.application_id"
            + " FROM pragma_schema_version s, pragma_user_version u, pragma_application_id a";

    static OwnWrites read(Connection raw) throws SQLException {
        try (Statement st = raw.createStatement(); ResultSet rs = st.executeQuery(SQL)) {
            rs.next();
            return new OwnWrites(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
        }
    }
}
