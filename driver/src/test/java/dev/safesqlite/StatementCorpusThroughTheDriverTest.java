package dev.safesqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.safesqlite.testing.SqliteFiles;
import dev.safesqlite.testing.StatementCorpus;
import dev.safesqlite.testing.StatementCorpus.Case;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shared statement corpus, run through {@code jdbc:safesqlite:} as an application would run
 * it: a backup with the corpus's reason exactly for the destructive cases, none for the others.
 * The classifier's own tests check the verdicts; this checks that the driver delivers every
 * case (its SQL, whether all of its statements run, its bound values) to the engine intact.
 */
@ExtendWith(AwaitBackgroundWork.class)
class StatementCorpusThroughTheDriverTest {

    static Stream<Case> runnableCases() {
        return StatementCorpus.all().stream().filter(Case::runnable);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runnableCases")
    void aBackupIsTakenExactlyForTheDestructiveCases(Case c, @TempDir Path dir) throws Exception {
        TestDatabase db = new TestDatabase(dir.resolve("case.db"), dir.resolve("backups"));
        try (Connection plain = SqliteFiles.open(db.file())) {
            StatementCorpus.createDatabase(plain, c); // the fixture is DDL itself: made unprotected
        }
        try (Connection connection = DriverManager.getConnection(db.url("safesqlite.bulk.rows=" + StatementCorpus.BULK_ROWS))) {
            StatementCorpus.prepareSession(connection, c);
            StatementCorpus.run(connection, c);
        }
        List<String> reasons = db.preOperationBackups().stream().map(BackupInfo::reason).toList();
        assertEquals(c.expected() == null ? List.of() : List.of(c.expected().reason()), reasons, c.sql());
    }
}
