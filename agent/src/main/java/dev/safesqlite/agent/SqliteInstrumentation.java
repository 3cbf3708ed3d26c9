package dev.safesqlite.agent;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
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
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.Nexus;
import net.bytebuddy.dynamic.TypeResolutionStrategy;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;

/**
 * The advice and where it goes. Types are matched by name only: {@code JDBC3Statement}, where
 * {@code execute*(String)} is declared, does not implement {@code java.sql.Statement}, so a
 * matcher on the JDBC interfaces would miss it (OpenTelemetry's agent did, #18876), and a
 * name costs nothing to compare. Advice adds no fields or methods (ByteBuddy's implementation
 * context is disabled: it fails rather than add one), so that classes loaded before the agent
 * (dynamic attach) can be retransformed.
 *
 * <p>ByteBuddy is used without its {@code AgentBuilder}: {@link SqliteClassWatcher} already
 * picks the five classes by name, and what is left of a transformation is ByteBuddy's decoration
 * of one class file with the advice, which is what the agent builder's DECORATE strategy did. The
 * agent builder cost a third of ByteBuddy's start on top of that, mostly by generating a class of
 * its own at run time (its Java 9 transformer), which loads ByteBuddy's whole subclassing
 * machinery for nothing the agent uses. The output is the same class files.
 *
 * <p>ByteBuddy is only initialised when sqlite-jdbc is in sight (see {@link AdviceAhead}):
 * preparing it loads about 730 of its classes, 0.1-0.3 s in a JVM that may never open a database.
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

    /**
     * What the jar's relocation puts before ByteBuddy's package names ({@code dev.safesqlite.agent.shaded.};
     * nothing where ByteBuddy is not relocated, as in this module's unit tests).
     */
    static final String BYTE_BUDDY_PACKAGE_PREFIX = relocationPrefix();

    /** From ByteBuddy's package as loaded, {@code [prefix]net.bytebuddy} (a string literal would be relocated too). */
    private static String relocationPrefix() {
        String byteBuddyPackage = ByteBuddy.class.getPackageName();
        return byteBuddyPackage.substring(0, byteBuddyPackage.lastIndexOf('.', byteBuddyPackage.lastIndexOf('.') - 1) + 1);
    }

    private final ClassFileLocator adviceClasses = ClassFileLocator.ForClassLoader.of(SqliteInstrumentation.class.getClassLoader());
    private final ByteBuddy byteBuddy;
    /** Each class's advice, made the first time that class is advised: a connection waits only for its own. */
    private final Map<String, AsmVisitorWrapper> adviceByClass = new ConcurrentHashMap<>();

    SqliteInstrumentation() {
        // No Nexus: advice needs no initializers, and looking for one makes ByteBuddy touch
        // sun.misc.Unsafe, which JDK 24+ warns about on the application's console.
        System.setProperty(Nexus.PROPERTY, "true");
        byteBuddy = new ByteBuddy()
                // sqlite-jdbc's classes are valid as javac made them, and the advice only inlines calls
                .with(TypeValidation.DISABLED)
                .with(Implementation.Context.Disabled.Factory.INSTANCE)
                // the advice goes into declared methods only: no need to walk (and read the class files
                // of) each class's supertypes, a third of a class's decoration; the same class files
                .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE);
    }

    private AsmVisitorWrapper adviceOf(String className) {
        return switch (className) {
            case "org.sqlite.JDBC" -> advice(ConnectionOpenAdvice.class,
                    named("createConnection").and(isStatic()).and(takesArguments(String.class, Properties.class)));
            case "org.sqlite.SQLiteConnection" -> new AsmVisitorWrapper.Compound(
                    advice(ConnectionCloseAdvice.class, named("close").and(takesArguments(0))),
                    advice(TransactionEndAdvice.class, namedOneOf("commit", "rollback").and(takesArguments(0))),
                    advice(AutoCommitAdvice.class, named("setAutoCommit").and(takesArguments(boolean.class))));
            case STATEMENT -> new AsmVisitorWrapper.Compound(
                    advice(StatementSqlAdvice.class, namedOneOf("execute", "executeQuery", "executeUpdate", "executeLargeUpdate")
                            .and(takesArguments(1)).and(takesArgument(0, String.class))),
                    advice(StatementBatchAdvice.class, namedOneOf("executeBatch", "executeLargeBatch").and(takesArguments(0))));
            case PREPARED_STATEMENT -> advice(PreparedExecuteAdvice.class,
                    namedOneOf("execute", "executeQuery", "executeUpdate", "executeLargeUpdate").and(takesArguments(0)));
            case PREPARED_BATCH -> advice(PreparedBatchAdvice.class,
                    namedOneOf("executeBatch", "executeLargeBatch").and(takesArguments(0)));
            default -> throw new IllegalArgumentException(className + " is not advised");
        };
    }

    private AsmVisitorWrapper advice(Class<?> advice, ElementMatcher<? super MethodDescription> methods) {
        return Advice.to(advice, adviceClasses).on(methods);
    }

    /**
     * The class file of {@code className} (one of {@link #ADVISED}) with its advice inlined.
     * {@code loader} (null: the bootstrap loader) is where the class's supertypes are read from
     * as class files, should ByteBuddy need them; nothing is loaded.
     */
    byte[] advise(ClassLoader loader, String className, byte[] classFile) {
        AsmVisitorWrapper advice = adviceByClass.computeIfAbsent(className, this::adviceOf);
        ClassFileLocator locator = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(className, classFile),
                loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader() : ClassFileLocator.ForClassLoader.of(loader));
        TypePool pool = new TypePool.Default.WithLazyResolution(TypePool.CacheProvider.Simple.withObjectType(), locator,
                TypePool.Default.ReaderMode.FAST);
        TypeDescription type = pool.describe(className).resolve();
        return byteBuddy.decorate(type, locator).visit(advice).make(TypeResolutionStrategy.Disabled.INSTANCE, pool)
                .getBytes();
    }
}
