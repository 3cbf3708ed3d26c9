package dev.safesqlite.agent.advice;

import dev.safesqlite.agent.bootstrap.SqliteCalls;
import java.util.Properties;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code org.sqlite.JDBC.createConnection(String, Properties)}, the one method every
 * sqlite-jdbc connection is opened by (DriverManager, SQLiteDataSource, SQLiteConfig). On the way
 * in, SafeSQLite's URL parameters are taken out and busy_timeout is added; on the way out, the
 * new connection is handed to the engine (WAL, registration).
 */
public final class ConnectionOpenAdvice {

    private ConnectionOpenAdvice() {
    }

    @Advice.OnMethodEnter
    static Object[] enter(@Advice.Origin Class<?> sqliteDriver,
                          @Advice.Argument(value = 0, readOnly = false) String url,
                          @Advice.Argument(value = 1, readOnly = false) Properties properties) throws Exception {
        Object[] open = SqliteCalls.opening(sqliteDriver, url, properties);
        if (open != null) {
            url = (String) open[0];
            properties = (Properties) open[1];
        }
        return open;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.Origin Class<?> sqliteDriver, @Advice.Enter Object[] open,
                     @Advice.Return Object connection, @Advice.Thrown Throwable thrown) throws Exception {
        // createConnection returns null for a URL that is not sqlite-jdbc's
        if (open != null && connection != null && thrown == null) {
            SqliteCalls.opened(sqliteDriver, open[2], connection);
        }
    }
}
