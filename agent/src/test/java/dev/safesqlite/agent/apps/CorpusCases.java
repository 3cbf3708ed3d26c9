package dev.safesqlite.agent.apps;

import dev.safesqlite.testing.StatementCorpus;
import dev.safesqlite.testing.StatementCorpus.Case;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

/**
 * Runs the shared statement corpus on plain {@code jdbc:sqlite:} connections, one database per
 * case ({@code DIR/<index>/case.db}, made beforehand without the agent), the way the driver's test
 * runs it through {@code jdbc:safesqlite:}.
 */
public final class CorpusCases {

    private CorpusCases() {
    }

    public static void main(String[] args) throws Exception {
        List<Case> cases = StatementCorpus.all();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            if (!c.runnable()) continue;
            Path db = Path.of(args[0], Integer.toString(i), "case.db");
            try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db)) {
                StatementCorpus.prepareSession(connection, c);
                StatementCorpus.run(connection, c);
            } catch (SQLException e) {
                System.out.println("CASE " + i + " FAILED " + e.getSQLState() + " " + e.getMessage());
            }
        }
        System.out.println("DONE");
    }
}
