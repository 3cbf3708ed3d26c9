package dev.safesqlite.agent.advice;

import dev.safesqlite.agent.bootstrap.SqliteCalls;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code CorePreparedStatement.executeBatch/executeLargeBatch()}: sqlite-jdbc keeps
 * {@code batchQueryCount} parameter sets of {@code paramCount} values, one after the other, in
 * {@code batch}.
 */
public final class PreparedBatchAdvice {

    private PreparedBatchAdvice() {
    }

    @Advice.OnMethodEnter
    static Object enter(@Advice.This Object statement, @Advice.FieldValue("conn") Object connection,
                        @Advice.FieldValue("sql") String sql, @Advice.FieldValue("batch") Object[] batch,
                        @Advice.FieldValue("paramCount") int parameterCount,
                        @Advice.FieldValue("batchQueryCount") int count) throws Exception {
        return SqliteCalls.enterPreparedBatch(statement, connection, sql, batch, parameterCount, count);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.Enter Object entered, @Advice.Thrown Throwable thrown) {
        SqliteCalls.exitStatement(entered, thrown == null);
    }
}
