package dev.safesqlite.agent.advice;

import dev.safesqlite.agent.bootstrap.SqliteCalls;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code JDBC3Statement.executeBatch/executeLargeBatch()}: sqlite-jdbc keeps the SQL
 * strings added with addBatch in {@code batch}, {@code batchPos} of them.
 */
public final class StatementBatchAdvice {

    private StatementBatchAdvice() {
    }

    @Advice.OnMethodEnter
    static Object enter(@Advice.This Object statement, @Advice.FieldValue("conn") Object connection,
                        @Advice.FieldValue("batch") Object[] batch, @Advice.FieldValue("batchPos") int count)
            throws Exception {
        return SqliteCalls.enterBatch(statement, connection, batch, count);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.Enter Object entered, @Advice.Thrown Throwable thrown) {
        SqliteCalls.exitStatement(entered, thrown == null);
    }
}
