package dev.safesqlite.agent;

import dev.safesqlite.agent.bootstrap.SqliteHooks;
import java.lang.ref.WeakReference;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Function;

/**
 * One engine copy per class loader that has sqlite-jdbc, made the first time advice in that
 * loader's sqlite-jdbc runs. Held weakly on both sides: the loader (a web application undeployed)
 * and the copy (kept alive by the sqlite-jdbc classes that cache it) may both go.
 */
final class EngineCopies implements Function<Class<?>, SqliteHooks> {

    private static final String FRONT = "dev.safesqlite.agent.engine.AgentFront";

    private final AgentJar jar;
    private final Map<String, String> agentArguments;
    private final Map<ClassLoader, WeakReference<SqliteHooks>> copies = new WeakHashMap<>();
    /**
     * The engine copy the settings were checked in at start, below the system class loader: the
     * copy a sqlite-jdbc on the class path gets, with its classes already defined, so the first
     * connection does not define them again. Weak: in a JVM whose sqlite-jdbc is elsewhere (a web
     * application's), nothing keeps it.
     */
    private WeakReference<EngineClassLoader> checked = new WeakReference<>(null);

    EngineCopies(AgentJar jar, Map<String, String> agentArguments) {
        this.jar = jar;
        this.agentArguments = agentArguments;
    }

    @Override
    public synchronized SqliteHooks apply(Class<?> sqliteClass) {
        ClassLoader sqliteLoader = sqliteClass.getClassLoader();
        WeakReference<SqliteHooks> known = copies.get(sqliteLoader);
        SqliteHooks hooks = known == null ? null : known.get();
        if (hooks == null) {
            hooks = newCopy(sqliteLoader);
            copies.put(sqliteLoader, new WeakReference<>(hooks));
        }
        return hooks;
    }

    private SqliteHooks newCopy(ClassLoader sqliteLoader) {
        try {
            EngineClassLoader loader = sqliteLoader == ClassLoader.getSystemClassLoader() ? checked.get() : null;
            if (loader == null) loader = new EngineClassLoader(sqliteLoader, jar);
            checked.clear();
            Class<?> front = Class.forName(FRONT, true, loader);
            return (SqliteHooks) front.getConstructor(Map.class).newInstance(agentArguments);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("SafeSQLite agent: cannot start its engine for " + sqliteLoader, e);
        }
    }

    /**
     * Resolves the settings every connection will start from (agent arguments, system
     * properties, environment, settings file) once at start, in an engine copy of its own, so that
     * a bad one is reported before the application runs rather than at its first connection.
     * The copy is the system class loader's: kept (weakly) for a sqlite-jdbc loaded there.
     *
     * @throws InvalidSettings naming the setting, its value and where it came from
     */
    void checkSettings() throws InvalidSettings {
        try {
            EngineClassLoader loader = new EngineClassLoader(ClassLoader.getSystemClassLoader(), jar);
            Class<?> front = Class.forName(FRONT, true, loader);
            front.getMethod("checkSettings", Map.class).invoke(null, agentArguments);
            checked = new WeakReference<>(loader);
        } catch (InvocationTargetException e) {
            throw new InvalidSettings(e.getCause().getMessage());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("SafeSQLite agent: cannot start its engine", e);
        }
    }

    static final class InvalidSettings extends Exception {
        InvalidSettings(String message) {
            super(message);
        }
    }
}
