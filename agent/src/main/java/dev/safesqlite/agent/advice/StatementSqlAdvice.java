package dev.safesqlite.agent.advice;

import dev.safesqlite.agent.bootstrap.SqliteCalls;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code JDBC3Statement.execute/executeQuery/executeUpdate/executeLargeUpdate(String)}:
 * the SQL is checked before it runs. The method name tells whether sqlite-jdbc runs every
 * statement of the string (executeUpdate, executeLargeUpdate) or the first.
 */
public final class StatementSqlAdvice {

    private StatementSqlAdvice() {
    }

    @Advice.OnMethodEnter
    static Object enter(@Advice.This Object statement, @Advice.FieldValue("conn") Object connection,
                        @Advice.Argument(0) String sql, @Advice.Origin("#m") String method) throws Exception {
        return SqliteCalls.enterSql(statement, connection, sql, method);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.Enter Object entered, @Advice.Thrown Throwable thrown) {
        SqliteCalls.exitStatement(entered, thrown == null);
    }
}
