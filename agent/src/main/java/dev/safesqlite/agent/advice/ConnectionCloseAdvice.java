package dev.safesqlite.agent.advice;

import dev.safesqlite.agent.bootstrap.SqliteCalls;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code SQLiteConnection.close()}: the engine forgets the connection. */
public final class ConnectionCloseAdvice {

    private ConnectionCloseAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.This Object connection) {
        SqliteCalls.closed(connection);
    }
}
