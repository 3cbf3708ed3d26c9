package dev.safesqlite.agent.advice;

import dev.safesqlite.agent.bootstrap.SqliteCalls;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code SQLiteConnection.commit()} and {@code rollback()}: the transaction ended, so
 * a schema change made in it has settled and other connections may remember query plans again.
 */
public final class TransactionEndAdvice {

    private TransactionEndAdvice() {
    }

    @Advice.OnMethodExit
    static void exit(@Advice.This Object connection) {
        SqliteCalls.transactionEnded(connection);
    }
}
