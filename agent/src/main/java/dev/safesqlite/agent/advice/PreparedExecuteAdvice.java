package dev.safesqlite.agent.advice;

import dev.safesqlite.agent.bootstrap.SqliteCalls;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code JDBC3PreparedStatement.execute/executeQuery/executeUpdate/executeLargeUpdate()}.
 * The bound values are read from sqlite-jdbc's own {@code batch} array at execute time, rather
 * than by hooking every setter: that array is exactly what sqlite-jdbc is about to bind.
 */
public final class PreparedExecuteAdvice {

    private PreparedExecuteAdvice() {
    }

    @Advice.OnMethodEnter
    static Object enter(@Advice.This Object statement, @Advice.FieldValue("conn") Object connection,
                        @Advice.FieldValue("sql") String sql, @Advice.FieldValue("batch") Object[] batch,
                        @Advice.FieldValue("paramCount") int parameterCount) throws Exception {
        return SqliteCalls.enterPrepared(statement, connection, sql, batch, parameterCount);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.Enter Object entered, @Advice.Thrown Throwable thrown) {
        SqliteCalls.exitStatement(entered, thrown == null);
    }
}
