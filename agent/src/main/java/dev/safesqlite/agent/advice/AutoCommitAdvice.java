package dev.safesqlite.agent.advice;

import dev.safesqlite.agent.bootstrap.SqliteCalls;
import java.sql.Connection;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code SQLiteConnection.setAutoCommit(boolean)}: switching auto-commit on commits
 * the open transaction, like {@link TransactionEndAdvice}.
 */
public final class AutoCommitAdvice {

    private AutoCommitAdvice() {
    }

    @Advice.OnMethodEnter
    static boolean enter(@Advice.This Connection connection) {
        try {
            return connection.getAutoCommit();
        } catch (Exception closed) {
            return true; // setAutoCommit itself will fail the same way
        }
    }

    @Advice.OnMethodExit
    static void exit(@Advice.This Object connection, @Advice.Argument(0) boolean autoCommit,
                     @Advice.Enter boolean wasAutoCommit) {
        if (autoCommit && !wasAutoCommit) {
            SqliteCalls.transactionEnded(connection);
        }
    }
}
