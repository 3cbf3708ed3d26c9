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
            Class<?> front = Class.forName(FRONT, true, new EngineClassLoader(sqliteLoader, jar));
            return (SqliteHooks) front.getConstructor(Map.class).newInstance(agentArguments);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("SafeSQLite agent: cannot start its engine for " + sqliteLoader, e);
        }
    }

    /**
     * Resolves the settings every connection will start from (agent arguments, system
     * properties, environment, settings file) once at start, in a throw-away engine copy, so that
     * a bad one is reported before the application runs rather than at its first connection.
     *
     * @throws InvalidSettings naming the setting, its value and where it came from
     */
    void checkSettings() throws InvalidSettings {
        try {
            Class<?> front = Class.forName(FRONT, true, new EngineClassLoader(ClassLoader.getSystemClassLoader(), jar));
            front.getMethod("checkSettings", Map.class).invoke(null, agentArguments);
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
