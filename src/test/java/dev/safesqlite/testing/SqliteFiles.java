package dev.safesqlite.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Opens real SQLite database files with the plain sqlite-jdbc driver. */
public final class SqliteFiles {

    private SqliteFiles() {
    }

    public static Connection open(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }

    /** A database holding the corpus fixture and the case's own setup, on a plain connection. */
    public static Connection openCase(Path dir, StatementCorpus.Case c) throws SQLException {
        Connection connection = open(dir.resolve("case.db"));
        try {
            StatementCorpus.createDatabase(connection, c);
            StatementCorpus.prepareSession(connection, c);
            return connection;
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }
}
