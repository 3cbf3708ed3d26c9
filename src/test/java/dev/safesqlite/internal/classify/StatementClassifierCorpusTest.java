package dev.safesqlite.internal.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safesqlite.internal.config.Protect;
import dev.safesqlite.testing.SqliteFiles;
import dev.safesqlite.testing.StatementCorpus;
import dev.safesqlite.testing.StatementCorpus.Case;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every case of the shared corpus, classified on a real database in the state the case sets up. */
class StatementClassifierCorpusTest {

    static List<Case> cases() {
        return StatementCorpus.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void classifiesAsTheCorpusSays(Case c, @TempDir Path dir) throws SQLException {
        try (Connection connection = SqliteFiles.openCase(dir, c);
             StatementClassifier classifier = new StatementClassifier(connection, EnumSet.allOf(Protect.class),
                     StatementCorpus.BULK_ROWS)) {
            Destructive verdict = classifier.classify(c.sql(), c.allStatements(), c.params());

            assertEquals(c.expected(), verdict == null ? null : verdict.danger(), () -> "verdict: " + verdict);
            if (c.detail() != null) {
                assertTrue(verdict.detail().contains(c.detail()), () -> "detail: " + verdict.detail());
            }
        }
    }
}
