package dev.safesqlite.agent;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.safesqlite.agent.advice.AutoCommitAdvice;
import dev.safesqlite.agent.advice.ConnectionCloseAdvice;
import dev.safesqlite.agent.advice.TransactionEndAdvice;
import dev.safesqlite.agent.advice.ConnectionOpenAdvice;
import dev.safesqlite.agent.advice.PreparedBatchAdvice;
import dev.safesqlite.agent.advice.PreparedExecuteAdvice;
import dev.safesqlite.agent.advice.StatementBatchAdvice;
import dev.safesqlite.agent.advice.StatementSqlAdvice;
import java.lang.instrument.ClassFileTransformer;
import java.util.Properties;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.Nexus;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The advice and where it goes. Types are matched by name only: {@code JDBC3Statement}, where
 * {@code execute*(String)} is declared, does not implement {@code java.sql.Statement}, so a
 * matcher on the JDBC interfaces would miss it (OpenTelemetry's agent did, #18876), and a
 * name costs nothing to compare. Everything outside {@code org.sqlite.} is ignored before any
 * other matching. Advice adds no fields or methods, so that classes loaded before the agent
 * (dynamic attach) can be retransformed.
 *
 * <p>ByteBuddy is only initialised when the first {@code org.sqlite} class is seen: building its
 * transformer loads about 900 of its classes, a second of start-up in a JVM that may never open
 * a database. {@link SqliteClassWatcher} watches for that class with the JDK's own API.
 */
final class SqliteInstrumentation {

    private static final String STATEMENT = "org.sqlite.jdbc3.JDBC3Statement";
    private static final String PREPARED_STATEMENT = "org.sqlite.jdbc3.JDBC3PreparedStatement";
    private static final String PREPARED_BATCH = "org.sqlite.core.CorePreparedStatement";

    /**
     * Every class the advice goes into: only these reach ByteBuddy. Handing it each of sqlite-jdbc's
     * 130 classes made it describe and match them all while the application started, and the JIT
     * compiled ByteBuddy's and the JDK's code for that (a third more compilations than the driver)
     * before it reached the application's.
     */
    static final Set<String> ADVISED = Set.of("org.sqlite.JDBC", "org.sqlite.SQLiteConnection", STATEMENT,
            PREPARED_STATEMENT, PREPARED_BATCH);

    private SqliteInstrumentation() {
    }

    /** The transformation of sqlite-jdbc's classes, as a plain ClassFileTransformer. */
    static ClassFileTransformer transformer() {
        // No Nexus: advice needs no initializers, and looking for one makes ByteBuddy touch
        // sun.misc.Unsafe, which JDK 24+ warns about on the application's console.
        System.setProperty(Nexus.PROPERTY, "true");
        ClassFileLocator adviceClasses = ClassFileLocator.ForClassLoader.of(SqliteInstrumentation.class.getClassLoader());
        return new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(AgentBuilder.Listener.StreamWriting.toSystemError().withErrorsOnly())
                .ignore(not(nameStartsWith("org.sqlite.")))
                .type(named("org.sqlite.JDBC"))
                .transform(advice(adviceClasses, ConnectionOpenAdvice.class, named("createConnection").and(isStatic())
                        .and(takesArguments(String.class, Properties.class))))
                .type(named("org.sqlite.SQLiteConnection"))
                .transform(advice(adviceClasses, ConnectionCloseAdvice.class, named("close").and(takesArguments(0))))
                .transform(advice(adviceClasses, TransactionEndAdvice.class,
                        namedOneOf("commit", "rollback").and(takesArguments(0))))
                .transform(advice(adviceClasses, AutoCommitAdvice.class,
                        named("setAutoCommit").and(takesArguments(boolean.class))))
                .type(named(STATEMENT))
                .transform(advice(adviceClasses, StatementSqlAdvice.class,
                        namedOneOf("execute", "executeQuery", "executeUpdate", "executeLargeUpdate")
                                .and(takesArguments(1)).and(takesArgument(0, String.class))))
                .transform(advice(adviceClasses, StatementBatchAdvice.class,
                        namedOneOf("executeBatch", "executeLargeBatch").and(takesArguments(0))))
                .type(named(PREPARED_STATEMENT))
                .transform(advice(adviceClasses, PreparedExecuteAdvice.class,
                        namedOneOf("execute", "executeQuery", "executeUpdate", "executeLargeUpdate")
                                .and(takesArguments(0))))
                .type(named(PREPARED_BATCH))
                .transform(advice(adviceClasses, PreparedBatchAdvice.class,
                        namedOneOf("executeBatch", "executeLargeBatch").and(takesArguments(0))))
                .makeRaw();
    }

    private static AgentBuilder.Transformer advice(ClassFileLocator adviceClasses, Class<?> advice,
                                                   ElementMatcher<? super MethodDescription> methods) {
        Advice code = Advice.to(advice, adviceClasses);
        return (builder, type, loader, module, domain) -> builder.visit(code.on(methods));
    }
}
